import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AIConfigError } from './ai-config-error';
import { AIError } from './ai-error';
import { AIRateLimitError } from './ai-rate-limit-error';
import { MAX_SERIALIZED_STRING, serializeError } from './serialize-error';

// Property tests run on a fixed seed, so CI sees the same cases every run; a failure prints
// the seed and path that reproduce it (change the seed here to explore other cases).
const PROPERTY_SEED = 2026;

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'.split('');
const TOKEN_CHARS = [...KEY_CHARS, '.', '~', '+', '/'];

const keyBody = (min: number, max: number, chars = KEY_CHARS) =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((c) => c.join(''));

/** Keys shaped like the families OpenAI issues. */
const openAIKey = fc.oneof(
  keyBody(48, 48).map((b) => `sk-${b}`),
  keyBody(120, 170).map((b) => `sk-proj-${b}`),
  keyBody(60, 170).map((b) => `sk-svcacct-${b}`),
  keyBody(60, 170).map((b) => `sk-admin-${b}`),
);
const bearerToken = keyBody(16, 64, TOKEN_CHARS);

describe('serializeError', () => {
  it('copies the AIError fields and the context', () => {
    const err = new AIRateLimitError({
      message: 'slow down',
      context: { source: 's', requestId: 'req_9', details: { model: 'm' } },
      retryAfterMs: 1500,
      resetAt: new Date('2026-01-01T00:00:01Z'),
    });
    const out = serializeError(err);
    expect(out).toMatchObject({
      name: 'AIRateLimitError',
      message: 'slow down',
      code: 'AI-API-005',
      retryable: true,
      status: 429,
      requestId: 'req_9',
      retryAfterMs: 1500,
      resetAt: '2026-01-01T00:00:01.000Z',
    });
    expect(out.context).toMatchObject({ source: 's', status: 429, details: { model: 'm' } });
    expect(out.stack).toBeUndefined();
  });

  it('includes stacks only when asked, for the error and its causes', () => {
    const err = new AIError({ message: 'outer', code: 'AI-API-099', cause: new Error('inner') });
    const out = serializeError(err, { includeStack: true });
    expect(out.stack).toContain('outer');
    expect(out.cause?.stack).toContain('inner');
    expect(serializeError(err).cause?.stack).toBeUndefined();
  });

  it('cuts cycles in causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const out = serializeError(a);
    expect(out.cause?.message).toBe('b');
    expect(out.cause?.cause).toEqual({ name: 'Circular', message: '[Circular cause]' });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('bounds very deep cause chains', () => {
    let err: Error = new Error('root');
    for (let i = 0; i < 50; i++) err = new Error(`level ${i}`, { cause: err });
    const text = JSON.stringify(serializeError(err));
    expect(text).toContain('[cause chain too deep]');
  });

  it('makes BigInt, NaN, Dates, Maps, Sets and cyclic values JSON-safe', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const err = Object.assign(new Error('x'), {
      big: 12n,
      nan: Number.NaN,
      when: new Date(0),
      map: new Map([['a', 1n]]),
      set: new Set([1, 2]),
      cyclic,
    });
    const out = serializeError(err);
    expect(JSON.parse(JSON.stringify(out))).toMatchObject({
      big: '12n',
      nan: 'NaN',
      when: '1970-01-01T00:00:00.000Z',
      map: { a: '1n' },
      set: [1, 2],
      cyclic: { self: '[Circular]' },
    });
  });

  it('truncates huge strings', () => {
    const out = serializeError(new Error('y'.repeat(MAX_SERIALIZED_STRING * 3)));
    expect(out.message.length).toBeLessThan(MAX_SERIALIZED_STRING + 50);
    expect(out.message).toMatch(/\[truncated \d+ chars\]$/);
  });

  it('serializes non-errors, AggregateErrors and config issues', () => {
    expect(serializeError('plain')).toEqual({ name: 'NonError', message: 'plain' });
    expect(serializeError(7n)).toEqual({ name: 'NonError', message: '7n' });
    expect(serializeError(undefined)).toEqual({ name: 'NonError', message: 'undefined' });
    expect(serializeError({ foo: 1 })).toMatchObject({
      name: 'Error',
      message: '[object Object]',
      foo: 1,
    });
    const agg = new AggregateError([new Error('one'), 'two'], 'many');
    expect(serializeError(agg).errors?.map((e) => e.message)).toEqual(['one', 'two']);
    const config = new AIConfigError({
      message: 'bad config',
      issues: [{ path: 'timeoutMs', envVar: 'AICLIENT_TIMEOUT_MS', message: 'must be positive' }],
    });
    expect(serializeError(config).issues).toEqual([
      { path: 'timeoutMs', envVar: 'AICLIENT_TIMEOUT_MS', message: 'must be positive' },
    ]);
  });

  it('does not throw on hostile objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const err = Object.assign(new Error('ok'), { hostile });
    expect(() => serializeError(hostile)).not.toThrow();
    expect(() => JSON.stringify(serializeError(err))).not.toThrow();
    const getter = Object.defineProperty(new Error('g'), 'bad', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(serializeError(getter).message).toBe('g');
  });

  it('redacts sensitive properties such as headers of foreign SDK errors', () => {
    const sdkError = Object.assign(new Error('401 Incorrect API key provided'), {
      status: 401,
      headers: { authorization: 'Bearer whatever', 'x-request-id': 'req_1' },
      apiKey: 'raw-secret-value',
      requestID: 'req_1',
    });
    const out = serializeError(sdkError);
    expect(out.status).toBe(401);
    expect(out.requestId).toBe('req_1');
    expect(out.headers).toEqual({ authorization: '[REDACTED]', 'x-request-id': 'req_1' });
    expect(out.apiKey).toBe('[REDACTED]');
    expect(JSON.stringify(out)).not.toContain('raw-secret-value');
  });
});

describe('serializeError (properties)', () => {
  it('never outputs an input key embedded in messages, contexts, causes and headers, and never throws', () => {
    fc.assert(
      fc.property(
        openAIKey,
        bearerToken,
        fc.string(),
        fc.string(),
        fc.boolean(),
        (key, token, before, after, includeStack) => {
          const text = `${before}${key}${after}`;
          const cause = new Error(`upstream said ${text}`, {
            cause: { message: `Bearer ${token}`, detail: text },
          });
          const err = new AIError({
            message: text,
            code: 'AI-API-001',
            cause,
            context: {
              source: text,
              details: {
                headers: {
                  authorization: `Bearer ${token}`,
                  'x-echo': `Bearer ${token}`,
                  'api-key': key,
                },
                body: `{"key":"${key}"}`,
                nested: [[text]],
              },
            },
          });
          const foreign = Object.assign(new Error(text), {
            headers: new Headers({ 'x-trace': `${before.replace(/[^\x20-\x7e]/g, '')}${key}` }),
          });
          for (const value of [err, foreign, text, { message: text }]) {
            const json = JSON.stringify(serializeError(value, { includeStack }));
            expect(json).not.toContain(key);
            expect(json).not.toContain(token);
          }
        },
      ),
      { numRuns: 300, seed: PROPERTY_SEED },
    );
  });

  it('never throws and always returns JSON-serializable output for arbitrary values', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true }),
        (value) => {
          const out = serializeError(value);
          expect(typeof JSON.stringify(out)).toBe('string');
          const wrapped = serializeError(
            new AIError({ message: 'm', code: 'AI-API-099', cause: value }),
          );
          expect(typeof JSON.stringify(wrapped)).toBe('string');
        },
      ),
      { numRuns: 300, seed: PROPERTY_SEED },
    );
  });
});
