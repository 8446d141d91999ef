import { type AIError, AIRateLimitError, type AttemptRecord } from '@aiclient/errors';
import { callSignalError } from '../errors/call-signal-error';
import { translateSdkError } from '../errors/translate-sdk-error';
import { abortableSleep } from '../pipeline/abortable-sleep';
import { followSignal } from '../pipeline/follow-signal';
import type { AttemptState, CallContext, Stage } from '../pipeline/stage';
import { fullJitterBackoff } from '../retry/full-jitter-backoff';

/** Options of {@link retryStage}. */
export interface RetryStageOptions {
  /** The client's own key, used unless a key stage picks another. */
  apiKey?: string | undefined;
  /** `keyId(apiKey)`, computed once per client. */
  keyId?: string | undefined;
  /** Target label recorded per attempt (the API host). */
  target?: string | undefined;
  /** Uniform random source for the jitter. @default Math.random */
  random?: () => number;
}

function replayable(body: unknown): boolean {
  return (
    !(body instanceof ReadableStream) &&
    !(typeof body === 'object' && body !== null && Symbol.asyncIterator in body)
  );
}

function serverWait(error: AIError): number | undefined {
  return AIRateLimitError.isInstance(error) ? error.retryAfterMs : undefined;
}

/**
 * Owns attempts: one deadline per call covers every attempt and wait (the SDK's own retries
 * are off). A retryable failure is retried after the server's advice (`retry-after-ms`,
 * `retry-after`, `x-ratelimit-reset-*`, honoured at any length) or full-jitter backoff. A wait
 * that would pass the deadline fails at once with the last error (a rate-limit error carries
 * its reset time) instead of sleeping. The caller's abort ends waits and attempts at once.
 */
export function retryStage(options: RetryStageOptions = {}): Stage {
  const { random = Math.random } = options;
  return {
    name: 'retry',
    async handle(ctx, next) {
      const { settings } = ctx;
      const configured = ctx.controls.maxAttempts ?? settings.maxAttempts;
      const maxAttempts = replayable(ctx.request.body) ? Math.max(1, configured) : 1;
      let waitBeforeMs = 0;
      for (let number = 1; ; number += 1) {
        const controller = new AbortController();
        // The attempt follows the call until the call settles (a stream outlives this stage).
        const unlink = followSignal(ctx.signal, controller);
        ctx.onSettled(unlink);
        const attempt: AttemptState = {
          number,
          waitBeforeMs,
          startedAt: Date.now(),
          signal: controller.signal,
          abort: (reason) => controller.abort(reason),
          apiKey: options.apiKey,
          keyId: options.keyId,
          target: options.target,
        };
        ctx.attempt = attempt;
        let failure: AIError;
        try {
          const response = await next(ctx);
          record(ctx, attempt, undefined);
          return response;
        } catch (error) {
          failure = translateSdkError(error, 'client.retry');
          record(ctx, attempt, failure);
          unlink();
        }
        if (!failure.retryable || number >= maxAttempts || ctx.signal.aborted) {
          throw ctx.callerSignal?.aborted ? callSignalError(ctx, 'client.retry') : failure;
        }
        const advised = serverWait(failure);
        waitBeforeMs =
          advised ??
          fullJitterBackoff(number, {
            baseMs: settings.retryBaseDelayMs,
            capMs: settings.retryMaxDelayMs,
            random,
          });
        const remaining = ctx.deadlineAt - Date.now();
        if (waitBeforeMs >= remaining) {
          // Sleeping past the deadline would only delay the same failure.
          failure.context.details = {
            ...failure.context.details,
            retryAbandoned: 'wait exceeds deadline',
            waitMs: waitBeforeMs,
            deadlineRemainingMs: Math.max(0, remaining),
          };
          throw failure;
        }
        ctx.logger.warn('aiclient retry', {
          event: 'aiclient.retry',
          callId: ctx.callId,
          operation: ctx.operation,
          model: ctx.model,
          attempt: number,
          nextAttempt: number + 1,
          maxAttempts,
          code: failure.code,
          status: failure.status,
          requestId: failure.requestId,
          keyId: attempt.keyId,
          waitMs: waitBeforeMs,
          waitSource: advised === undefined ? 'backoff' : 'server',
        });
        try {
          await abortableSleep(waitBeforeMs, ctx.signal);
        } catch {
          throw callSignalError(ctx, 'client.retry');
        }
      }
    },
  };
}

function record(ctx: CallContext, attempt: AttemptState, error: AIError | undefined): void {
  const entry: AttemptRecord = {
    attempt: attempt.number,
    startedAt: new Date(attempt.startedAt).toISOString(),
    durationMs: Date.now() - attempt.startedAt,
    waitBeforeMs: attempt.waitBeforeMs,
  };
  // Assigned field by field: no throw-away objects per attempt.
  const status = attempt.status ?? error?.status;
  if (status !== undefined) entry.status = status;
  if (error !== undefined) entry.code = error.code;
  const requestId = attempt.requestId ?? error?.requestId;
  if (requestId !== undefined) entry.requestId = requestId;
  if (attempt.keyId !== undefined) entry.keyId = attempt.keyId;
  if (ctx.model !== undefined) entry.model = ctx.model;
  if (attempt.target !== undefined) entry.target = attempt.target;
  ctx.attempts.push(entry);
}
