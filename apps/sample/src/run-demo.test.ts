import { describe, expect, it } from 'vitest';
import { demoMode, displayEndpoint } from './run-demo.js';

describe('demoMode', () => {
  it('is offline without a key or an endpoint, blank values included', () => {
    expect(demoMode({})).toBe('offline');
    expect(demoMode({ OPENAI_API_KEY: '  ', OPENAI_BASE_URL: '' })).toBe('offline');
  });

  it('is live with a key, or with only an endpoint (a keyless local server)', () => {
    expect(demoMode({ OPENAI_API_KEY: 'sk-x' })).toBe('live');
    expect(demoMode({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toBe('live');
    expect(demoMode({ OPENAI_API_KEYS: 'sk-a,sk-b' })).toBe('live');
  });
});

describe('displayEndpoint', () => {
  it('drops credentials and query strings from a URL', () => {
    expect(displayEndpoint('https://user:secret@example.com/v1?key=abc')).toBe(
      'https://example.com/v1',
    );
    expect(displayEndpoint('not a url')).toBe('the configured endpoint');
  });
});
