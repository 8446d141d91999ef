import { afterEach, expect, it } from 'vitest';
import { readProcessEnv } from './read-process-env';

afterEach(() => {
  delete process.env.AICLIENT_READ_ENV_PROBE;
});

it('reads process.env at call time', () => {
  expect(readProcessEnv().AICLIENT_READ_ENV_PROBE).toBeUndefined();
  process.env.AICLIENT_READ_ENV_PROBE = 'later';
  expect(readProcessEnv().AICLIENT_READ_ENV_PROBE).toBe('later');
});
