import { describe, expect, it } from 'vitest';
import { redactLogFormat, redactLogString } from './redact-log-format';

const KEY = 'sk-abcdefghijklmnopqrstuvwxyz012345';

function transform(info: Record<string | symbol, unknown>) {
  const level = Symbol.for('level');
  return redactLogFormat().transform({
    level: 'info',
    message: '',
    [level]: 'info',
    ...info,
  }) as Record<string | symbol, unknown>;
}

describe('redactLogFormat', () => {
  it('redacts strings, sensitive keys and nested values without touching symbols', () => {
    const marker = Symbol.for('message');
    const out = transform({
      message: `key ${KEY}`,
      password: 'hunter2',
      nested: { list: [`Bearer ${KEY}`], token: 'abc' },
      count: 3,
      [marker]: 'kept',
    });
    expect(out.message).toBe('key sk-[REDACTED]');
    expect(out.password).toBe('[REDACTED]');
    expect(out.nested).toEqual({ list: ['Bearer [REDACTED]'], token: '[REDACTED]' });
    expect(out.count).toBe(3);
    expect(out[marker]).toBe('kept');
  });

  it('expands errors with their cause chain, redacted', () => {
    const err = new Error('outer', { cause: new Error(`inner ${KEY}`, { cause: 'root' }) });
    const out = transform({ err }) as {
      err: {
        name: string;
        message: string;
        stack: unknown;
        cause: { message: string; cause: unknown };
      };
    };
    expect(out.err.name).toBe('Error');
    expect(out.err.message).toBe('outer');
    expect(typeof out.err.stack).toBe('string');
    expect(out.err.cause.message).toBe('inner sk-[REDACTED]');
    expect(out.err.cause.cause).toBe('root');
  });

  it('survives circular metadata', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(() => transform({ loop })).not.toThrow();
  });

  it('redacts a secret and a sensitive field every time, however often it repeats', () => {
    // Clean strings and field names are remembered after a few sightings; a secret never is.
    for (let i = 0; i < 200; i++) {
      expect(redactLogString(`key ${KEY}`)).toBe('key sk-[REDACTED]');
      expect(redactLogString('gpt-4o-mini')).toBe('gpt-4o-mini');
      const out = transform({
        apiKey: 'opaque-value',
        model: 'gpt-4o-mini',
        note: `Bearer ${KEY}`,
      });
      expect(out).toMatchObject({
        apiKey: '[REDACTED]',
        model: 'gpt-4o-mini',
        note: 'Bearer [REDACTED]',
      });
    }
  });

  it('keeps redacting once its memory of clean strings is full and cleared', () => {
    for (let i = 0; i < 10_000; i++) {
      expect(redactLogString(`req_${i}`)).toBe(`req_${i}`);
      if (i % 97 === 0) expect(redactLogString(`${i} ${KEY}`)).toBe(`${i} sk-[REDACTED]`);
    }
    expect(redactLogString(`Bearer ${KEY}`)).toBe('Bearer [REDACTED]');
  });
});
