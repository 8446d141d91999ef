import { describe, expect, it } from 'vitest';
import { askRequestSchema, describeIssues, MAX_PROMPT_CHARS } from './ask-request-schema.js';

describe('askRequestSchema', () => {
  it('accepts a prompt with options', () => {
    const body = { prompt: 'hi', model: 'gpt-4o', stream: true, maxTokens: 10, temperature: 0 };
    expect(askRequestSchema.parse(body)).toEqual(body);
  });

  it('accepts messages instead of a prompt', () => {
    const body = { messages: [{ role: 'user', content: 'hi' }] };
    expect(askRequestSchema.safeParse(body).success).toBe(true);
  });

  it('requires exactly one of prompt or messages', () => {
    const neither = askRequestSchema.safeParse({});
    const both = askRequestSchema.safeParse({
      prompt: 'a',
      messages: [{ role: 'user', content: 'b' }],
    });
    expect(neither.success).toBe(false);
    expect(both.success).toBe(false);
    if (!neither.success) {
      expect(describeIssues(neither.error)).toContain(
        'prompt: send exactly one of "prompt" or "messages"',
      );
    }
  });

  it('rejects unknown fields, bad types and out-of-range values with named paths', () => {
    const result = askRequestSchema.safeParse({
      prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1),
      temperature: 3,
      maxTokens: 1.5,
      extra: true,
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const lines = describeIssues(result.error);
    expect(lines.some((l) => l.startsWith('prompt: prompt must be at most'))).toBe(true);
    expect(lines.some((l) => l.startsWith('temperature:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('maxTokens:'))).toBe(true);
    expect(lines.some((l) => l.includes('extra'))).toBe(true);
  });

  it('rejects model names with spaces or shell characters', () => {
    expect(askRequestSchema.safeParse({ prompt: 'a', model: 'gpt 4; rm' }).success).toBe(false);
  });

  it('never echoes a rejected value in its messages', () => {
    const secret = `sk-proj-${'a1B2'.repeat(40)}`;
    const result = askRequestSchema.safeParse({ prompt: 'a', model: secret });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error).join(' ')).not.toContain(secret);
  });
});
