import { AIConnectionError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../pipeline/stage';
import { finalizeError } from './finalize-error';

describe('finalizeError', () => {
  it('attaches a copy of the attempt history and the last request id', () => {
    const attempts = [
      { attempt: 1, startedAt: '2026-11-24T03:00:00.000Z', durationMs: 5, waitBeforeMs: 0 },
    ];
    const ctx = { attempts, attempt: { requestId: 'req_f' }, result: {} } as unknown as CallContext;
    const error = finalizeError(new AIConnectionError({ message: 'reset' }), ctx);
    expect(error.attempts).toEqual(attempts);
    expect(error.attempts).not.toBe(attempts);
    expect(error.requestId).toBe('req_f');
  });

  it('keeps a request id the error already has', () => {
    const ctx = {
      attempts: [],
      attempt: { requestId: 'req_new' },
      result: {},
    } as unknown as CallContext;
    const error = finalizeError(
      new AIConnectionError({ message: 'x', context: { requestId: 'req_own' } }),
      ctx,
    );
    expect(error.requestId).toBe('req_own');
  });
});
