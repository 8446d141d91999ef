import { expect, it } from 'vitest';
import { redisRequired } from './redis-server';

it('requires Redis under CI or AICLIENT_REQUIRE_REDIS=1 only', () => {
  expect(redisRequired({})).toBe(false);
  expect(redisRequired({ CI: 'true' })).toBe(true);
  expect(redisRequired({ CI: '1' })).toBe(true);
  expect(redisRequired({ CI: 'false' })).toBe(false);
  expect(redisRequired({ AICLIENT_REQUIRE_REDIS: '1' })).toBe(true);
  expect(redisRequired({ AICLIENT_REQUIRE_REDIS: '0' })).toBe(false);
});
