import { describe, expect, it } from 'vitest';
import { cacheKey, isCacheable } from './cache-key';

const base = { method: 'POST', url: 'https://api.openai.com/v1/chat/completions' };

describe('cacheKey', () => {
  it('ignores key order and undefined fields', () => {
    const a = cacheKey({
      ...base,
      json: { model: 'm', temperature: 0, messages: [{ role: 'user', content: 'x' }] },
    });
    const b = cacheKey({
      ...base,
      json: {
        messages: [{ content: 'x', role: 'user' }],
        temperature: 0,
        model: 'm',
        user: undefined,
      },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^v1:[0-9a-f]{64}$/);
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
    expect(cacheKey({ ...base, url: `${base.url}?api-version=1&api-key=sk-secret-1`, json })).toBe(
      cacheKey({ ...base, url: `${base.url}?api-key=sk-secret-2&api-version=1`, json }),
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
