import {
  AIAbortedError,
  AIConnectionError,
  AIStreamStalledError,
  AITimeoutError,
} from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import type { AttemptState, CallContext } from '../pipeline/stage';
import { transportError } from './transport-error';

function ctx(
  options: { caller?: AbortController; call?: AbortController; attempt?: AbortController } = {},
) {
  const call = options.call ?? new AbortController();
  const attempt = options.attempt ?? new AbortController();
  return {
    callerSignal: options.caller?.signal,
    signal: call.signal,
    attempt: { signal: attempt.signal, requestId: 'req_a' } as unknown as AttemptState,
    attempts: [{ attempt: 1, startedAt: 'x', durationMs: 1, waitBeforeMs: 0 }],
    result: {},
  } as unknown as CallContext;
}

describe('transportError', () => {
  it('classifies resets and refusals as retryable connection errors', () => {
    const error = transportError(
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }),
      ctx(),
    );
    expect(error).toBeInstanceOf(AIConnectionError);
    expect(error.retryable).toBe(true);
    expect(error.context.details).toEqual({ errno: 'ECONNRESET' });
  });

  it('classifies transport timeouts before the first byte as retryable timeouts', () => {
    const error = transportError(
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_HEADERS_TIMEOUT' } }),
      ctx(),
    );
    expect(error).toBeInstanceOf(AITimeoutError);
    expect(error.retryable).toBe(true);
  });

  it("prefers the caller's abort, then the deadline, then a stage's own abort reason", () => {
    const caller = new AbortController();
    const call = new AbortController();
    caller.abort();
    call.abort(caller.signal.reason);
    expect(
      transportError(new DOMException('x', 'AbortError'), ctx({ caller, call })),
    ).toBeInstanceOf(AIAbortedError);
    const deadline = new AbortController();
    deadline.abort(new AITimeoutError({ message: 'deadline' }));
    expect(transportError(new DOMException('x', 'AbortError'), ctx({ call: deadline })).code).toBe(
      'AI-API-010',
    );
    const attempt = new AbortController();
    const stall = new AIStreamStalledError({ message: 'stall', phase: 'first_chunk' });
    attempt.abort(stall);
    expect(transportError(new DOMException('x', 'AbortError'), ctx({ attempt }))).toBe(stall);
  });
});
