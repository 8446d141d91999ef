import { describe, expect, it } from 'vitest';
import { KeyRateLimiter } from './key-rate-limiter';

describe('KeyRateLimiter', () => {
  it('refuses the request after the RPM budget with a wait and OpenAI headers', () => {
    let now = 1_000_000;
    const limiter = new KeyRateLimiter({ rpm: 2 }, () => now);
    const first = limiter.charge('key_a', 10);
    expect(first.allowed).toBe(true);
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '30s',
    });
    expect(limiter.charge('key_a', 10).allowed).toBe(true);
    const refused = limiter.charge('key_a', 10);
    expect(refused).toMatchObject({
      allowed: false,
      exceeded: 'requests',
      retryAfterMs: 30_000,
      limit: 2,
    });
    expect(refused.headers['x-ratelimit-remaining-requests']).toBe('0');
    expect(refused.headers['x-ratelimit-reset-requests']).toBe('1m0s');
    // Continuous refill: half a minute later one request fits again.
    now += 30_000;
    expect(limiter.charge('key_a', 10).allowed).toBe(true);
  });

  it('keeps a separate window per key', () => {
    const limiter = new KeyRateLimiter({ rpm: 1 }, () => 0);
    expect(limiter.charge('key_a', 1).allowed).toBe(true);
    expect(limiter.charge('key_a', 1).allowed).toBe(false);
    expect(limiter.charge('key_b', 1).allowed).toBe(true);
  });

  it('refuses on tokens per minute with the tokens headers', () => {
    const limiter = new KeyRateLimiter({ tpm: 100 }, () => 0);
    const first = limiter.charge('key_a', 80);
    expect(first.allowed).toBe(true);
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit-tokens': '100',
      'x-ratelimit-remaining-tokens': '20',
      'x-ratelimit-reset-tokens': '48s',
    });
    expect(first.headers['x-ratelimit-limit-requests']).toBeUndefined();
    const refused = limiter.charge('key_a', 50);
    expect(refused).toMatchObject({ allowed: false, exceeded: 'tokens', retryAfterMs: 18_000 });
  });
});
