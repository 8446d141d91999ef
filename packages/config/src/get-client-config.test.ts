import { describe, expect, it } from 'vitest';
import { getClientConfig } from './get-client-config';
import { keyId } from './key-id';
import { loadConfig } from './load-config';

const KEY_A = `sk-proj-${'A1b2C3'.repeat(26)}AAAA`;
const KEY_B = `sk-proj-${'D4e5F6'.repeat(26)}BBBB`;

describe('getClientConfig', () => {
  it('masks keys, adds their ids and keeps every other setting', () => {
    const settings = loadConfig({
      env: { OPENAI_API_KEYS: `${KEY_A},${KEY_B}`, AICLIENT_MODEL: 'gpt-4o' },
    });
    const safe = getClientConfig(settings);
    expect(safe.apiKey).toBe('sk-...AAAA');
    expect(safe.apiKeys).toEqual(['sk-...AAAA', 'sk-...BBBB']);
    expect(safe.keyIds).toEqual([keyId(KEY_A), keyId(KEY_B)]);
    expect(safe.model).toBe('gpt-4o');
    expect(safe.timeoutMs).toBe(60_000);
    const text = JSON.stringify(safe);
    expect(text).not.toContain(KEY_A);
    expect(text).not.toContain(KEY_B);
    expect(text).not.toContain(KEY_A.slice(10, 40));
  });

  it('returns a plain mutable copy and masks passwords in URLs', () => {
    const settings = loadConfig({
      env: {
        OPENAI_API_KEY: KEY_A,
        AICLIENT_REDIS_URL: 'redis://user:hunter2@cache.internal:6379/0',
      },
    });
    const safe = getClientConfig(settings);
    expect(Object.isFrozen(safe)).toBe(false);
    expect(Object.isFrozen(safe.apiKeys)).toBe(false);
    expect(safe.redisUrl).toBe('redis://user:***@cache.internal:6379/0');
    expect(JSON.stringify(safe)).not.toContain('hunter2');
  });

  it('works without any key (local server)', () => {
    const safe = getClientConfig(
      loadConfig({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' } }),
    );
    expect(safe.apiKey).toBeUndefined();
    expect(safe.apiKeys).toEqual([]);
    expect(safe.keyIds).toEqual([]);
    expect(safe.requireApiKey).toBe(false);
  });
});
