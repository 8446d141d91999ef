import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.ts';

describe('percentile', () => {
  const sample = Array.from({ length: 101 }, (_, i) => 100 - i); // 0..100, reversed

  it('returns the exact rank when it falls on a sample', () => {
    expect(percentile(sample, 50)).toBe(50);
    expect(percentile(sample, 99)).toBe(99);
    expect(percentile(sample, 0)).toBe(0);
    expect(percentile(sample, 100)).toBe(100);
  });

  it('interpolates between neighbouring ranks', () => {
    expect(percentile([10, 20], 50)).toBe(15);
    expect(percentile([10, 20, 30, 40], 75)).toBeCloseTo(32.5);
  });

  it('is NaN for an empty sample and rejects a percentile outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});
