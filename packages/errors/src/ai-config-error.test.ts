import { describe, expect, it } from 'vitest';
import { AIConfigError } from './ai-config-error';

describe('AIConfigError', () => {
  it('defaults to AI-CONFIG-001 with no issues', () => {
    const err = new AIConfigError({ message: 'm' });
    expect(err.code).toBe('AI-CONFIG-001');
    expect(err.issues).toEqual([]);
    expect(err.retryable).toBe(false);
  });

  it('keeps the issues, redacting any secret written into them', () => {
    const key = `sk-proj-${'z'.repeat(60)}`;
    const err = new AIConfigError({
      message: 'm',
      code: 'AI-CONFIG-002',
      issues: [
        { path: 'apiKey', envVar: 'OPENAI_API_KEY', message: `bad ${key}` },
        { path: 'timeoutMs', message: 'must be positive' },
      ],
    });
    expect(err.code).toBe('AI-CONFIG-002');
    expect(err.issues).toHaveLength(2);
    expect(err.issues[0]).toMatchObject({ path: 'apiKey', envVar: 'OPENAI_API_KEY' });
    expect(err.issues[0]?.message).not.toContain(key);
    expect(err.issues[1]).toEqual({ path: 'timeoutMs', message: 'must be positive' });
  });
});
