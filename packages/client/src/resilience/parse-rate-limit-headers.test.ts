import { describe, expect, it } from 'vitest';
import {
  parseRateLimitHeaders,
  parseRemainingBudget,
  parseResetDuration,
  rateLimitResetMs,
} from './parse-rate-limit-headers';

describe('parseResetDuration', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['20ms', 20],
    ['1h2m3.5s', 3_723_500],
    ['2.5', 2500],
    ['0s', 0],
  ])('parses %s', (text, ms) => {
    expect(parseResetDuration(text)).toBe(ms);
  });

  it.each([['soon'], [''], ['5 minutes'], [null], [undefined]])('rejects %s', (text) => {
    expect(parseResetDuration(text)).toBeUndefined();
  });
});

describe('parseRateLimitHeaders', () => {
  it('reads every x-ratelimit header', () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': '600',
      'x-ratelimit-limit-tokens': '20000',
      'x-ratelimit-remaining-requests': '599',
      'x-ratelimit-remaining-tokens': '19950',
      'x-ratelimit-reset-requests': '100ms',
      'x-ratelimit-reset-tokens': '150ms',
    });
    expect(parseRateLimitHeaders(headers)).toEqual({
      limitRequests: 600,
      limitTokens: 20000,
      remainingRequests: 599,
      remainingTokens: 19950,
      resetRequestsMs: 100,
      resetTokensMs: 150,
    });
  });

  it('prefers retry-after-ms, then retry-after seconds, then an HTTP date', () => {
    expect(
      parseRateLimitHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' })),
    ).toMatchObject({ retryAfterMs: 250 });
    expect(parseRateLimitHeaders(new Headers({ 'retry-after': '3' }))).toMatchObject({
      retryAfterMs: 3000,
    });
    const now = Date.parse('2026-01-01T00:00:00Z');
    const date = new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' });
    expect(parseRateLimitHeaders(date, now)).toMatchObject({ retryAfterMs: 5000 });
  });

  it('ignores garbage counts', () => {
    expect(
      parseRateLimitHeaders(new Headers({ 'x-ratelimit-remaining-requests': 'lots' })),
    ).toEqual({});
  });
});

describe('parseRemainingBudget', () => {
  it('reads only the remaining counts', () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': '600',
      'x-ratelimit-remaining-requests': '599',
      'x-ratelimit-remaining-tokens': '19950',
      'x-ratelimit-reset-requests': '100ms',
      'retry-after': '3',
    });
    expect(parseRemainingBudget(headers)).toEqual({
      remainingRequests: 599,
      remainingTokens: 19950,
    });
    expect(parseRemainingBudget(new Headers({ 'x-ratelimit-remaining-tokens': '7' }))).toEqual({
      remainingTokens: 7,
    });
    expect(parseRemainingBudget(new Headers({ 'x-ratelimit-remaining-requests': '0' }))).toEqual({
      remainingRequests: 0,
    });
  });

  it('is undefined without usable remaining counts', () => {
    expect(parseRemainingBudget(new Headers({ 'x-ratelimit-reset-tokens': '1s' }))).toBeUndefined();
    expect(
      parseRemainingBudget(new Headers({ 'x-ratelimit-remaining-requests': 'lots' })),
    ).toBeUndefined();
  });
});

describe('rateLimitResetMs', () => {
  it('takes the reset of the exhausted dimension', () => {
    expect(
      rateLimitResetMs({
        remainingRequests: 5,
        remainingTokens: 0,
        resetRequestsMs: 100,
        resetTokensMs: 900,
      }),
    ).toBe(900);
  });
  it('falls back to the longest reset when no dimension is at zero', () => {
    expect(rateLimitResetMs({ resetRequestsMs: 100, resetTokensMs: 400 })).toBe(400);
  });
  it('is undefined without any hint', () => {
    expect(rateLimitResetMs({})).toBeUndefined();
  });
});
