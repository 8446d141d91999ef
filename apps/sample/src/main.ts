import { packageName } from '@aiclient/client';

console.log(`sample app using ${packageName()}`);
