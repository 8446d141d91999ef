import { expect, it } from 'vitest';
import { packageName } from './package-name';

it('names the package', () => {
  expect(packageName()).toBe('@aiclient/telemetry');
});
