import { AIAbortedError, AITimeoutError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../pipeline/stage';
import { callSignalError } from './call-signal-error';

function ctx(caller: AbortSignal | undefined, call: AbortSignal, sdk?: AbortSignal): CallContext {
  return { callerSignal: caller, signal: call, sdkSignal: sdk } as unknown as CallContext;
}

describe('callSignalError', () => {
  it("reports the caller's abort as non-retryable AI-API-013 with its reason as cause", () => {
    const caller = new AbortController();
    const reason = new Error('user left');
    caller.abort(reason);
    const error = callSignalError(ctx(caller.signal, caller.signal), 'test');
    expect(error).toBeInstanceOf(AIAbortedError);
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(reason);
  });

  it("reports the SDK's own abort (its consumer left) as AI-API-013 too", () => {
    const sdk = new AbortController();
    sdk.abort();
    const error = callSignalError(ctx(new AbortController().signal, sdk.signal, sdk.signal), 't');
    expect(error).toBeInstanceOf(AIAbortedError);
  });

  it("returns the deadline's own AITimeoutError", () => {
    const deadline = new AbortController();
    const timeout = new AITimeoutError({ message: 'deadline' });
    deadline.abort(timeout);
    expect(callSignalError(ctx(new AbortController().signal, deadline.signal), 'test')).toBe(
      timeout,
    );
  });
});
