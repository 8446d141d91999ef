import { describe, expect, it } from 'vitest';
import { createCanaryKey } from './canary-key.ts';
import { findSecret } from './find-secret.ts';

const { key, body } = createCanaryKey();

describe('findSecret', () => {
  it('finds nothing in clean places', () => {
    expect(findSecret({ text: 'hello', object: { a: [1, 'sk-...abcd'] } }, body)).toEqual([]);
  });

  it('finds the key in strings, nested objects, maps, error causes and non-enumerable fields', () => {
    const hidden = new Error('plain');
    Object.defineProperty(hidden, 'secret', { value: key, enumerable: false });
    const places = {
      text: `Authorization: Bearer ${key}`,
      nested: { a: { b: [{ c: key }] } },
      map: new Map([['k', key]]),
      cause: new Error('outer', { cause: new Error(key) }),
      hidden,
      clean: 'nothing here',
    };
    expect(findSecret(places, body).map((finding) => finding.place)).toEqual([
      'text',
      'nested',
      'map',
      'cause',
      'hidden',
    ]);
  });

  it('finds a truncated copy and never repeats the secret in its excerpt', () => {
    const [finding] = findSecret({ log: `key=${body.slice(8, 30)} end` }, body);
    expect(finding?.place).toBe('log');
    expect(finding?.excerpt).not.toContain(body.slice(8, 30));
  });

  it('refuses a secret too short to search for', () => {
    expect(() => findSecret({}, 'short')).toThrow(/too short/);
  });
});

describe('createCanaryKey', () => {
  it('makes a fresh key config accepts, with a recognizable body', () => {
    const other = createCanaryKey();
    expect(key).toMatch(/^sk-proj-CANARY[A-Za-z0-9]{42}$/);
    expect(other.key).not.toBe(key);
  });
});
