import {
  AIConnectionError,
  type AIError,
  AIStreamStalledError,
  type StreamStallPhase,
} from '@aiclient/errors';
import { callSignalError } from '../errors/call-signal-error';
import { finalizeError } from '../errors/finalize-error';
import { transportError } from '../errors/transport-error';
import { describeEndpoint } from '../pipeline/describe-endpoint';
import type { AttemptState, CallContext } from '../pipeline/stage';
import { createStreamProgress } from './create-stream-progress';
import { createSseScanner, type SseBlock } from './sse-scanner';

const SOURCE = 'client.stream-guard';

/** A stream whose first event arrived, ready to hand to the SDK. */
export interface GuardedBody {
  readonly body: ReadableStream<Uint8Array>;
}

const encoder = new TextEncoder();

function noop(): void {}

/**
 * Guards an SSE response body. Phase one (awaited inside the attempt, so a stall there is
 * retried) reads until the first event with data. Phase two hands the caller a demand-driven
 * stream that enforces the idle gap between events (counted only while the caller is waiting,
 * so a slow consumer is not a stalled server; comments are not progress) and the total
 * duration. On a stall, error event or cut, the upstream request is aborted and the stream
 * errors with an `AIError`; so it does on the caller's abort (`AIAbortedError`, which the SDK
 * rethrows to the `for await` consumer) unless the end marker already reached the consumer.
 * When the consumer stops early (the SDK aborts its own request signal or cancels the body), the
 * upstream request is aborted and the call settles as cancelled. The SDK cancels the body right
 * after `[DONE]` (a completed stream, not an early exit), so a cancel that follows the delivered
 * end marker settles the call as a success.
 */
export async function guardSseBody(
  ctx: CallContext,
  attempt: AttemptState,
  response: Response,
): Promise<GuardedBody> {
  const { streamIdleTimeoutMs, streamTotalTimeoutMs } = ctx.settings;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const scanner = createSseScanner();
  const progress = createStreamProgress({
    dropUsageChunk: ctx.injectedUsage,
    headers: response.headers,
    result: ctx.result,
  });
  const streamEnd = describeEndpoint(ctx.request.path).streamEnd;
  const expectsEndMarker = streamEnd !== 'unknown';
  // The bytes received are handed on as they came, unless a block must be dropped (the usage
  // chunk the pipeline asked for itself): then the kept blocks are re-encoded.
  const rewrite = ctx.injectedUsage;
  let out = '';
  let outBytes: Uint8Array[] = [];
  let pending = false;
  let failure: AIError | undefined;
  let sawData = false;

  const onBlock = (block: SseBlock) => {
    if (failure !== undefined || block.data === undefined) return; // comments are not progress
    const verdict = progress.observe(block);
    if (typeof verdict === 'object') {
      failure = verdict;
      return;
    }
    if (!sawData) {
      sawData = true;
      ctx.result.timeToFirstChunkS = (Date.now() - ctx.startedAt) / 1000;
    }
    if (verdict === 'drop') return;
    if (rewrite) out += block.raw;
    pending = true;
    if (verdict === 'forward') ctx.result.chunks = (ctx.result.chunks ?? 0) + 1;
  };

  /** Scans one chunk read from upstream; its bytes wait for delivery (see `rewrite`). */
  const take = (value: Uint8Array): void => {
    scanner.push(decoder.decode(value, { stream: true }), onBlock);
    if (!rewrite) outBytes.push(value);
  };

  const stalled = (phase: StreamStallPhase, timeoutMs: number): AIStreamStalledError => {
    const usage = ctx.result.usage;
    const requestId = attempt.requestId;
    return new AIStreamStalledError({
      message: `Stream stalled: no ${phase === 'total' ? 'end' : 'chunk'} within ${timeoutMs} ms (${phase})`,
      phase,
      partialText: progress.partialText(),
      ...(usage === undefined
        ? {}
        : {
            usage: {
              ...(usage.inputTokens === undefined ? {} : { inputTokens: usage.inputTokens }),
              ...(usage.outputTokens === undefined ? {} : { outputTokens: usage.outputTokens }),
            },
          }),
      context: {
        source: SOURCE,
        ...(requestId === undefined ? {} : { requestId }),
        details: { timeoutMs, chunks: ctx.result.chunks ?? 0 },
      },
    });
  };

  const cut = (cause?: unknown): AIError => {
    const error = new AIConnectionError({
      message: 'The stream ended before it completed',
      ...(cause === undefined ? {} : { cause }),
      // Output already reached the caller: retrying the call would repeat it.
      retryable: false,
      context: {
        source: SOURCE,
        ...(attempt.requestId === undefined ? {} : { requestId: attempt.requestId }),
        details: { chunks: ctx.result.chunks ?? 0 },
      },
    });
    return error;
  };

  // Phase one: the first event with data (the first-chunk timer runs in the stage).
  try {
    while (!sawData && failure === undefined) {
      const { done, value } = await reader.read();
      if (done) {
        scanner.push(decoder.decode(), onBlock);
        if (!sawData && failure === undefined)
          failure = new AIConnectionError({
            message: 'The stream ended before its first event',
            context: {
              source: SOURCE,
              ...(attempt.requestId === undefined ? {} : { requestId: attempt.requestId }),
            },
          });
        break;
      }
      take(value);
    }
  } catch (error) {
    reader.cancel().catch(noop);
    throw transportError(error, ctx, SOURCE);
  }
  if (failure !== undefined) {
    attempt.abort(failure);
    reader.cancel().catch(noop);
    throw failure;
  }
  if (ctx.signal.aborted) {
    // Aborted while the first event was being read (its bytes had already arrived).
    const error = callSignalError(ctx, SOURCE);
    attempt.abort(error);
    reader.cancel().catch(noop);
    throw error;
  }

  // Phase two: hand over.
  let finished = false;
  let reading = false;
  // True once the bytes holding the end marker were handed to the consumer (the SDK).
  let endDelivered = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const totalLeft = Math.max(0, streamTotalTimeoutMs - (Date.now() - attempt.startedAt));
  const totalTimer = setTimeout(() => fail(stalled('total', streamTotalTimeoutMs)), totalLeft);

  const stopTimers = () => {
    clearTimeout(totalTimer);
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    ctx.callerSignal?.removeEventListener('abort', onCallerAbort);
    ctx.sdkSignal?.removeEventListener('abort', onSdkAbort);
  };

  function fail(error: AIError): void {
    if (finished) return;
    finished = true;
    stopTimers();
    finalizeError(error, ctx);
    try {
      controllerRef?.error(error);
    } catch {
      // already closed by the consumer
    }
    // The consumer hears first; releasing the upstream socket follows on the next turn.
    setImmediate(() => {
      attempt.abort(error);
      reader.cancel(error).catch(noop);
    });
    ctx.settle({ kind: 'error', error });
  }

  const deliver = (controller: ReadableStreamDefaultController<Uint8Array>): void => {
    // What is delivered holds every observed block, so a completed progress means the marker
    // is in it.
    if (progress.completed) endDelivered = true;
    pending = false;
    if (rewrite) {
      controller.enqueue(encoder.encode(out));
      out = '';
      return;
    }
    for (const bytes of outBytes) controller.enqueue(bytes);
    outBytes = [];
  };

  /**
   * The consumer stopped reading. After the delivered end marker that is how the SDK finishes
   * (it cancels the body after `[DONE]` without aborting), so the call succeeded; only the
   * socket is released. Before it, the upstream request is aborted and the call is cancelled.
   */
  function consumerStopped(sdkAborted: boolean): void {
    if (finished) return;
    finished = true;
    stopTimers();
    // The SDK aborts its request only when the consumer leaves before `[DONE]`; a Responses
    // stream has no such sentinel, so there the delivered terminal event alone decides.
    const completed = endDelivered && (!sdkAborted || streamEnd === 'terminal-event');
    if (!completed) attempt.abort();
    reader.cancel().catch(noop);
    ctx.settle({ kind: completed ? 'success' : 'cancelled' });
  }

  const closeBody = (): void => {
    try {
      controllerRef?.close();
    } catch {
      // the consumer already cancelled
    }
  };

  /**
   * The caller aborted: the stream errors so the consumer cannot mistake the partial answer for
   * a complete one. Once the end marker reached the consumer the answer is whole: a success.
   */
  function onCallerAbort(): void {
    if (endDelivered) {
      consumerStopped(false);
      closeBody();
      return;
    }
    fail(callSignalError(ctx, SOURCE));
  }

  /** The SDK aborted its own request: its consumer left the stream (see `consumerStopped`). */
  function onSdkAbort(): void {
    consumerStopped(true);
    closeBody();
  }

  ctx.callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  ctx.sdkSignal?.addEventListener('abort', onSdkAbort, { once: true });

  const onIdle = () => {
    // Only a server that keeps the caller waiting is stalled, not a consumer that paused.
    if (reading) fail(stalled('idle', streamIdleTimeoutMs));
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
      },
      async pull(controller) {
        if (finished) return;
        if (pending) return deliver(controller);
        reading = true;
        if (idleTimer === undefined) idleTimer = setTimeout(onIdle, streamIdleTimeoutMs);
        else idleTimer.refresh();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (finished) return;
            if (done) {
              scanner.push(decoder.decode(), onBlock);
              if (failure !== undefined) return fail(failure);
              if (pending) deliver(controller);
              if (expectsEndMarker && !progress.completed) return fail(cut());
              finished = true;
              stopTimers();
              controller.close();
              ctx.settle({ kind: 'success' });
              return;
            }
            take(value);
            if (failure !== undefined) return fail(failure);
            if (pending) return deliver(controller);
          }
        } catch (error) {
          if (!finished) {
            const classified = transportError(error, ctx, SOURCE);
            fail(classified.code === 'AI-API-011' ? cut(error) : classified);
          }
        } finally {
          reading = false;
        }
      },
      cancel() {
        consumerStopped(ctx.sdkSignal?.aborted === true);
      },
    },
    { highWaterMark: 0 },
  );
  return { body };
}
