import { describe, expect, it } from 'vitest';
import { normalizeCause } from './normalize-cause';

describe('normalizeCause', () => {
  it('passes errors through and maps null/undefined to undefined', () => {
    const err = new RangeError('r');
    expect(normalizeCause(err)).toBe(err);
    expect(normalizeCause(undefined)).toBeUndefined();
    expect(normalizeCause(null)).toBeUndefined();
  });

  it('turns a string into the message', () => {
    expect(normalizeCause('oops')?.message).toBe('oops');
  });

  it('keeps name and message of error-like objects and the original as cause', () => {
    const raw = { name: 'APIError', message: 'bad', status: 500 };
    const err = normalizeCause(raw);
    expect(err?.name).toBe('APIError');
    expect(err?.message).toBe('bad');
    expect(err?.cause).toBe(raw);
  });

  it('describes other values, including BigInt, symbols and cyclic objects', () => {
    expect(normalizeCause(42)?.message).toBe('Non-error thrown: 42');
    expect(normalizeCause(10n)?.message).toBe('Non-error thrown: 10n');
    expect(normalizeCause(Symbol('s'))?.message).toBe('Non-error thrown: Symbol(s)');
    expect(normalizeCause({ a: 1n })?.message).toBe('Non-error thrown: {"a":"1n"}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(normalizeCause(cyclic)?.message).toBe('Non-error thrown: [object Object]');
    expect(normalizeCause(() => 1)?.message).toContain('[Function');
  });
});
