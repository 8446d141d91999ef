import { expect, it } from 'vitest';
import { maskApiKey } from './mask-api-key';

it('shows only the family prefix and the last four characters', () => {
  expect(maskApiKey(`sk-proj-${'a'.repeat(150)}wxyz`)).toBe('sk-...wxyz');
  expect(maskApiKey('0123456789abcdef0123456789abcdef')).toBe('...cdef');
});

it('hides short keys entirely', () => {
  expect(maskApiKey('ollama')).toBe('***');
  expect(maskApiKey('')).toBe('***');
});
