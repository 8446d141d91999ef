import { AIClientError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { mockSettings } from '../test-support/mock-settings';
import { checkClientKeys } from './check-client-keys';

const base = mockSettings('https://api.openai.com/v1');

describe('checkClientKeys', () => {
  it('requires a key where the endpoint needs one', () => {
    expect(() =>
      checkClientKeys({ ...base, apiKey: undefined, apiKeys: [], requireApiKey: true }),
    ).toThrow(expect.objectContaining({ code: 'AI-CLIENT-001' }));
  });

  it('explains a malformed OpenAI key without quoting it', () => {
    const key = 'sk-abc def';
    let caught: unknown;
    try {
      checkClientKeys({ ...base, provider: 'openai', apiKey: key, apiKeys: [key] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AIClientError);
    expect((caught as AIClientError).code).toBe('AI-CLIENT-002');
    expect((caught as AIClientError).message).toContain('whitespace');
    expect((caught as AIClientError).message).not.toContain('abc def');
  });

  it('accepts any token for compatible servers and no key where none is needed', () => {
    expect(() =>
      checkClientKeys({ ...base, provider: 'compatible', apiKey: 'x', apiKeys: ['x'] }),
    ).not.toThrow();
    expect(() =>
      checkClientKeys({ ...base, apiKey: undefined, apiKeys: [], requireApiKey: false }),
    ).not.toThrow();
  });
});
