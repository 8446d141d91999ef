import { describe, expect, it } from 'vitest';
import { REMEMBERED_LIMIT, remember } from './remember';

describe('remember', () => {
  it('computes a value once per key and reuses it', () => {
    const memo = new Map<string, { key: string }>();
    let computed = 0;
    const of = (key: string) =>
      remember(memo, key, () => {
        computed++;
        return { key };
      });
    const first = of('a');
    expect(of('a')).toBe(first);
    expect(of('b')).not.toBe(first);
    expect(computed).toBe(2);
  });

  it('starts over once full, so keys from callers cannot grow it without bound', () => {
    const memo = new Map<number, number>();
    for (let key = 0; key < REMEMBERED_LIMIT * 3; key++) remember(memo, key, () => key * 2);
    expect(memo.size).toBeLessThanOrEqual(REMEMBERED_LIMIT);
    expect(remember(memo, REMEMBERED_LIMIT * 3 - 1, () => -1)).toBe((REMEMBERED_LIMIT * 3 - 1) * 2);
  });
});
