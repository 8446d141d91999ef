import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
  });

  it('differs between seeds and stays in [0, 1)', () => {
    const a = createSeededRandom(1);
    const b = createSeededRandom(2);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(b()).not.toBe(createSeededRandom(1)());
  });
});
