import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.config.base';

// shims: the CJS build needs `import.meta.url`, which load-zod.ts passes to createRequire.
export default defineConfig({ ...packageBuild(), shims: true });
