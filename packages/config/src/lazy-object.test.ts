import { describe, expect, it } from 'vitest';
import { lazyObject } from './lazy-object';

class Counter {
  count = 0;
  increment(): number {
    this.count += 1;
    return this.count;
  }
  get doubled(): number {
    return this.count * 2;
  }
}

describe('lazyObject', () => {
  it('builds on first use, not when created, and only once', () => {
    let builds = 0;
    const value = lazyObject(() => {
      builds += 1;
      return { a: 1, nested: { b: 2 } };
    });
    expect(builds).toBe(0);
    expect(value.a).toBe(1);
    expect(builds).toBe(1);
    expect(value.nested).toBe(value.nested);
    expect(Object.keys(value)).toEqual(['a', 'nested']);
    expect('a' in value).toBe(true);
    expect(builds).toBe(1);
  });

  it('behaves as the built object: keys, JSON, spread, equality, prototype, writes', () => {
    const built = { title: 'x', list: [1, 2], flag: false };
    const value = lazyObject(() => built);
    expect(JSON.stringify(value)).toBe(JSON.stringify(built));
    expect({ ...value }).toEqual(built);
    expect(value).toEqual(built);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, 'title')).toMatchObject({
      value: 'x',
      enumerable: true,
    });
    expect(Object.getOwnPropertyDescriptor(value, 'missing')).toBeUndefined();
    (value as { title: string }).title = 'y';
    expect(built.title).toBe('y');
    delete (value as { flag?: boolean }).flag;
    expect('flag' in built).toBe(false);
    Object.defineProperty(value, 'extra', { value: 1, enumerable: true });
    expect((built as Record<string, unknown>).extra).toBe(1);
  });

  it('keeps class instances working: instanceof, methods and getters act on the built object', () => {
    const built = new Counter();
    const value = lazyObject(() => built);
    expect(value).toBeInstanceOf(Counter);
    expect(value.increment()).toBe(1);
    expect(value.increment()).toBe(2);
    expect(built.count).toBe(2);
    expect(value.doubled).toBe(4);
  });

  it('reports a non-configurable property of the built object without breaking Proxy rules', () => {
    const built = Object.freeze({ fixed: 1 });
    const value = lazyObject(() => built);
    expect(Object.getOwnPropertyDescriptor(value, 'fixed')?.value).toBe(1);
    expect(Object.keys(value)).toEqual(['fixed']);
  });
});
