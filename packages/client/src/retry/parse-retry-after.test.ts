import { describe, expect, it } from 'vitest';
import { parseResetDuration, parseRetryAfter } from './parse-retry-after';

const NOW = Date.parse('2026-11-24T03:00:00Z');

describe('parseRetryAfter', () => {
  it('prefers retry-after-ms', () => {
    const advice = parseRetryAfter(
      new Headers({ 'retry-after-ms': '1500.5', 'retry-after': '9' }),
      NOW,
    );
    expect(advice).toEqual({
      waitMs: 1501,
      resetAt: new Date(NOW + 1501),
      source: 'retry-after-ms',
    });
  });

  it('reads retry-after in seconds, at any length', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), NOW)?.waitMs).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '90' }), NOW)?.waitMs).toBe(90_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '86400' }), NOW)?.waitMs).toBe(86_400_000);
  });

  it('reads retry-after as an HTTP date', () => {
    const date = new Date(NOW + 5000).toUTCString();
    const advice = parseRetryAfter(new Headers({ 'retry-after': date }), NOW);
    expect(advice?.waitMs).toBe(5000);
    expect(advice?.resetAt.toISOString()).toBe('2026-11-24T03:00:05.000Z');
    expect(advice?.source).toBe('retry-after');
  });

  it('treats a date in the past as no wait', () => {
    const date = new Date(NOW - 60_000).toUTCString();
    expect(parseRetryAfter(new Headers({ 'retry-after': date }), NOW)?.waitMs).toBe(0);
  });

  it('falls back to the exhausted x-ratelimit-reset-* limit', () => {
    const headers = new Headers({
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-reset-tokens': '6m0s',
      'x-ratelimit-remaining-requests': '10',
      'x-ratelimit-remaining-tokens': '0',
    });
    expect(parseRetryAfter(headers, NOW)).toMatchObject({
      waitMs: 360_000,
      source: 'x-ratelimit-reset',
    });
  });

  it('uses the sooner reset when no limit says it is exhausted', () => {
    const headers = new Headers({
      'x-ratelimit-reset-requests': '250ms',
      'x-ratelimit-reset-tokens': '3s',
    });
    expect(parseRetryAfter(headers, NOW)?.waitMs).toBe(250);
  });

  it('ignores garbage and returns undefined without advice', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '-5' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), NOW)).toBeUndefined();
  });
});

describe('parseResetDuration', () => {
  it('parses compound durations', () => {
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('1.5s')).toBe(1500);
    expect(parseResetDuration('6m0s')).toBe(360_000);
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetDuration('7')).toBe(7000);
  });

  it('rejects partial matches', () => {
    expect(parseResetDuration('1s and more')).toBeUndefined();
    expect(parseResetDuration('')).toBeUndefined();
    expect(parseResetDuration('abc')).toBeUndefined();
  });
});
