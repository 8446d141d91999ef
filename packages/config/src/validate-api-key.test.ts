import { expect, it } from 'vitest';
import { validateApiKey } from './validate-api-key';

it('is the boolean form of explainApiKey', () => {
  expect(validateApiKey(`sk-proj-${'a'.repeat(156)}`)).toBe(true);
  expect(validateApiKey(`sk-proj-${'a'.repeat(156)}\n`)).toBe(false);
  expect(validateApiKey('ollama')).toBe(false);
});
