import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyId } from './key-id';

describe('keyId', () => {
  it('is key_ plus the first 8 hex digits of the sha256, never the key itself', () => {
    const key = 'sk-test-secret-value-1234';
    const expected = `key_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    expect(keyId(key)).toBe(expected);
    expect(keyId(key)).toBe(expected);
    expect(keyId(key)).not.toContain('secret');
    expect(keyId(key)).toMatch(/^key_[0-9a-f]{8}$/);
  });

  it('differs between keys', () => {
    expect(keyId('sk-a')).not.toBe(keyId('sk-b'));
  });
});
