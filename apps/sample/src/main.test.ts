import { packageName } from '@aiclient/client';
import { expect, it } from 'vitest';

it('links the client package', () => {
  expect(packageName()).toBe('@aiclient/client');
});
