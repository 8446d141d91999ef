import { expect, it } from 'vitest';
import { isSensitiveKey } from './is-sensitive-key';

it.each([
  'Authorization',
  'api-key',
  'X-Api-Key',
  'apiKey',
  'api_key',
  'OPENAI_API_KEY',
  'set-cookie',
  'password',
])('%s is sensitive', (key) => {
  expect(isSensitiveKey(key)).toBe(true);
});

it.each(['model', 'x-request-id', 'inputTokens', 'keyId', 'maxTokens'])(
  '%s is not sensitive',
  (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  },
);
