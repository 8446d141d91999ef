import { describe, expect, it } from 'vitest';
import { AIClientError } from './ai-client-error';
import { AIError } from './ai-error';
import { AIRateLimitError } from './ai-rate-limit-error';
import { ErrorSeverity } from './error-severity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('AIError', () => {
  it('defaults timestamp, errorId, source and severity from the registry', () => {
    const before = Date.now();
    const err = new AIError({ message: 'boom', code: 'AI-API-009' });
    expect(err.context.timestamp).toBeInstanceOf(Date);
    expect(err.context.timestamp.getTime()).toBeGreaterThanOrEqual(before);
    expect(err.context.errorId).toMatch(UUID);
    expect(err.context.source).toBe('unknown');
    expect(err.context.severity).toBe('error');
    expect(err.retryable).toBe(true);
    expect(err.name).toBe('AIError');
    expect(err).toBeInstanceOf(Error);
  });

  it('gives each error its own errorId', () => {
    const a = new AIError({ message: 'a', code: 'AI-API-099' });
    const b = new AIError({ message: 'b', code: 'AI-API-099' });
    expect(a.context.errorId).not.toBe(b.context.errorId);
  });

  it('keeps given context fields and exposes status, requestId and attempts', () => {
    const timestamp = new Date('2026-01-01T00:00:00Z');
    const attempts = [
      { attempt: 1, startedAt: timestamp.toISOString(), durationMs: 5, waitBeforeMs: 0 },
    ];
    const err = new AIError({
      message: 'x',
      code: 'AI-API-004',
      context: {
        source: 'client.call',
        severity: ErrorSeverity.CRITICAL,
        timestamp,
        errorId: 'fixed',
        status: 422,
        requestId: 'req_1',
        attempts,
        details: { model: 'gpt-4o' },
      },
    });
    expect(err.context).toMatchObject({
      source: 'client.call',
      severity: 'critical',
      errorId: 'fixed',
    });
    expect(err.context.timestamp).toBe(timestamp);
    expect(err.status).toBe(422);
    expect(err.requestId).toBe('req_1');
    expect(err.attempts).toEqual(attempts);
    expect(new AIError({ message: 'y', code: 'AI-API-004' }).attempts).toEqual([]);
  });

  it('lets options override the registry retryable default', () => {
    expect(new AIError({ message: 'x', code: 'AI-API-009', retryable: false }).retryable).toBe(
      false,
    );
    expect(new AIError({ message: 'x', code: 'AI-API-004', retryable: true }).retryable).toBe(true);
  });

  it('normalizes the cause from any thrown value', () => {
    const original = new TypeError('inner');
    expect(new AIError({ message: 'x', code: 'AI-API-099', cause: original }).cause).toBe(original);
    const fromString = new AIError({ message: 'x', code: 'AI-API-099', cause: 'text' }).cause;
    expect(fromString).toBeInstanceOf(Error);
    expect((fromString as Error).message).toBe('text');
    expect(new AIError({ message: 'x', code: 'AI-API-099' }).cause).toBeUndefined();
  });

  it('redacts secrets from the message', () => {
    const err = new AIError({
      message: 'bad key sk-abcdefghijklmnopqrstuvwxyz123456',
      code: 'AI-API-001',
    });
    expect(err.message).not.toContain('abcdefghijklmnop');
  });

  it('matches the usage in the issue', () => {
    const err = new AIClientError({
      message: 'OpenAI API key not configured',
      code: 'AI-CLIENT-001',
      context: { source: 'client.getOpenAIClient', severity: ErrorSeverity.ERROR },
    });
    expect(err.name).toBe('AIClientError');
    expect(err.code).toBe('AI-CLIENT-001');
    expect(err.retryable).toBe(false);
    expect(err.context.errorId).toMatch(UUID);
    // UTC: the ISO form ends in Z.
    expect(err.context.timestamp.toISOString()).toMatch(/Z$/);
  });
});

describe('AIError.isInstance', () => {
  it('accepts instances and rejects plain errors and primitives', () => {
    const err = new AIRateLimitError({ message: 'slow down' });
    expect(AIError.isInstance(err)).toBe(true);
    expect(AIRateLimitError.isInstance(err)).toBe(true);
    expect(AIClientError.isInstance(err)).toBe(false);
    expect(AIError.isInstance(new Error('x'))).toBe(false);
    expect(AIError.isInstance(null)).toBe(false);
    expect(AIError.isInstance('AIError')).toBe(false);
  });

  it('works for an error made by another copy of the package (same Symbol.for markers)', () => {
    // What a second installed copy produces: a different class with the same markers.
    const foreign = Object.assign(new Error('other copy'), { code: 'AI-API-005' });
    Object.defineProperty(foreign, Symbol.for('aiclient.error'), { value: true });
    Object.defineProperty(foreign, Symbol.for('aiclient.error.kinds'), {
      value: ['AIRateLimitError', 'AIError'],
    });
    expect(foreign instanceof AIRateLimitError).toBe(false);
    expect(AIError.isInstance(foreign)).toBe(true);
    expect(AIRateLimitError.isInstance(foreign)).toBe(true);
    expect(AIClientError.isInstance(foreign)).toBe(false);
  });
});

describe('AIError.toJSON', () => {
  it('serializes without the stack and with an ISO timestamp', () => {
    const err = new AIError({
      message: 'x',
      code: 'AI-API-099',
      context: { timestamp: new Date('2026-02-03T04:05:06Z') },
    });
    const json = JSON.parse(JSON.stringify(err));
    expect(json).toMatchObject({ name: 'AIError', code: 'AI-API-099', retryable: false });
    expect(json.context.timestamp).toBe('2026-02-03T04:05:06.000Z');
    expect(json.stack).toBeUndefined();
  });
});
