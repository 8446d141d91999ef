import { expect, it } from 'vitest';
import { keyId } from './key-id';

it('is a short stable fingerprint that differs between keys and reveals no part of them', () => {
  const key = `sk-proj-${'b'.repeat(156)}`;
  expect(keyId(key)).toMatch(/^key_[0-9a-f]{8}$/);
  expect(keyId(key)).toBe(keyId(key));
  expect(keyId(key)).not.toBe(keyId(`${key.slice(0, -1)}c`));
  // sha256('abc') starts with ba7816bf.
  expect(keyId('abc')).toBe('key_ba7816bf');
});
