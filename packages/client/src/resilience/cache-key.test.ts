import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheKey, isCacheable } from './cache-key';

const base = { method: 'POST', url: 'https://api.openai.com/v1/chat/completions' };

describe('cacheKey', () => {
  it('is a SHA-256 over the request line and the body text as sent', () => {
    const json = { model: 'm', temperature: 0, messages: [{ role: 'user', content: 'x' }] };
    const body = JSON.stringify(json);
    const expected = createHash('sha256').update(`POST ${base.url}\n${body}`).digest('hex');
    expect(cacheKey({ ...base, json, body })).toBe(`v2:${expected}`);
    // Without a body text, `json` as JSON.stringify serializes it (undefined fields drop out).
    expect(cacheKey({ ...base, json: { ...json, user: undefined } })).toBe(`v2:${expected}`);
    // A long body is hashed in place, to the same definition.
    const long = JSON.stringify({
      ...json,
      messages: [{ role: 'user', content: 'y'.repeat(5000) }],
    });
    expect(cacheKey({ ...base, json, body: long })).toBe(
      `v2:${createHash('sha256').update(`POST ${base.url}\n${long}`).digest('hex')}`,
    );
  });

  it('hashes the body text, not the parsed params: the same text is the same entry', () => {
    const json = { model: 'm', temperature: 0 };
    expect(cacheKey({ ...base, json, body: '{"model":"m","temperature":0}' })).toBe(
      cacheKey({ ...base, json: { model: 'other' }, body: '{"model":"m","temperature":0}' }),
    );
    // Another key order is another text: the SDK serializes a params object in its own order.
    expect(cacheKey({ ...base, json, body: '{"temperature":0,"model":"m"}' })).not.toBe(
      cacheKey({ ...base, json, body: '{"model":"m","temperature":0}' }),
    );
  });

  it('differs by body, method, endpoint and streaming', () => {
    const json = { model: 'm', temperature: 0 };
    const keys = new Set([
      cacheKey({ ...base, json }),
      cacheKey({ ...base, json: { ...json, model: 'n' } }),
      cacheKey({ ...base, json: { ...json, stream: true } }),
      cacheKey({ ...base, method: 'GET', json }),
      cacheKey({ ...base, url: 'https://other.example/v1/chat/completions', json }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('drops credentials from the URL so rotating a key keeps the entry', () => {
    const json = { model: 'm' };
    const first = cacheKey({ ...base, url: `${base.url}?api-version=1&api-key=sk-secret-1`, json });
    expect(first).toBe(
      cacheKey({ ...base, url: `${base.url}?api-key=sk-secret-2&api-version=1`, json }),
    );
    // Asked again (the URL is remembered), the same key.
    expect(cacheKey({ ...base, url: `${base.url}?api-version=1&api-key=sk-secret-1`, json })).toBe(
      first,
    );
    expect(first).toBe(
      `v2:${createHash('sha256').update(`POST ${base.url}?api-version=1\n{"model":"m"}`).digest('hex')}`,
    );
  });
});

describe('isCacheable', () => {
  it('caches temperature 0 by default, anything when forced, nothing when bypassed', () => {
    expect(isCacheable({ temperature: 0 }, 'default')).toBe(true);
    expect(isCacheable({ temperature: 0.7 }, 'default')).toBe(false);
    expect(isCacheable({}, 'default')).toBe(false);
    expect(isCacheable({ temperature: 0.7 }, 'force')).toBe(true);
    expect(isCacheable({ temperature: 0 }, 'bypass')).toBe(false);
    expect(isCacheable(undefined, 'force')).toBe(false);
  });
});
