import { describe, expect, it } from 'vitest';
import { formatResetDuration } from './format-reset-duration';

describe('formatResetDuration', () => {
  it('formats like the API does (Go durations)', () => {
    expect(formatResetDuration(0)).toBe('0ms');
    expect(formatResetDuration(20)).toBe('20ms');
    expect(formatResetDuration(1000)).toBe('1s');
    expect(formatResetDuration(8640)).toBe('8.64s');
    expect(formatResetDuration(360_000)).toBe('6m0s');
    expect(formatResetDuration(90_500)).toBe('1m30.5s');
    expect(formatResetDuration(3_723_000)).toBe('1h2m3s');
  });

  it('never goes negative', () => {
    expect(formatResetDuration(-5)).toBe('0ms');
  });
});
