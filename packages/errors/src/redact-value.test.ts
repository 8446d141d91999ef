import { describe, expect, it } from 'vitest';
import { redactValue } from './redact-value';

const KEY = `sk-proj-${'x'.repeat(40)}`;

describe('redactValue', () => {
  it('redacts values under sensitive keys whatever their shape', () => {
    const out = redactValue({
      Authorization: 'anything',
      'api-key': 12345,
      apiKeys: [KEY, KEY],
      nested: { password: 'p', token: { a: 1 }, ok: 'fine' },
    });
    expect(out).toEqual({
      Authorization: '[REDACTED]',
      'api-key': '[REDACTED]',
      apiKeys: '[REDACTED]',
      nested: { password: '[REDACTED]', token: '[REDACTED]', ok: 'fine' },
    });
  });

  it('masks secret-looking strings anywhere and does not modify the input', () => {
    const input = { list: [`k ${KEY}`], note: 'Bearer abcdefghijkl' };
    const out = redactValue(input) as typeof input;
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(out.note).toBe('Bearer [REDACTED]');
    expect(input.list[0]).toContain(KEY);
  });

  it('copies Maps, Sets, Dates, Headers and errors, and cuts cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const date = new Date(0);
    const out = redactValue({
      map: new Map([
        ['authorization', 'x'],
        ['k', KEY],
      ]),
      set: new Set([KEY]),
      date,
      headers: new Headers({ authorization: 'Bearer abc', 'x-request-id': 'req_1' }),
      err: new Error(`failed with ${KEY}`),
      cyclic,
      fn: function named() {},
      big: 5n,
    }) as Record<string, unknown>;
    expect(out.map).toEqual(
      new Map([
        ['authorization', '[REDACTED]'],
        ['k', 'sk-[REDACTED]'],
      ]),
    );
    expect(out.set).toEqual(new Set(['sk-[REDACTED]']));
    expect(out.date).toEqual(date);
    expect(out.date).not.toBe(date);
    expect(out.headers).toEqual({ authorization: '[REDACTED]', 'x-request-id': 'req_1' });
    expect(out.err).toEqual({ name: 'Error', message: 'failed with sk-[REDACTED]' });
    expect(out.cyclic).toEqual({ a: 1, self: '[Circular]' });
    expect(out.fn).toBe('[Function named]');
    expect(out.big).toBe(5n);
  });

  it('keeps shared (non-cyclic) references', () => {
    const shared = { v: 1 };
    expect(redactValue({ a: shared, b: shared })).toEqual({ a: { v: 1 }, b: { v: 1 } });
  });
});
