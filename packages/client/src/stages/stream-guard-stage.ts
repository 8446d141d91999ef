import { AIStreamStalledError } from '@aiclient/errors';
import { transportError } from '../errors/transport-error';
import { pipelineResponse } from '../pipeline/pipeline-response';
import type { AttemptState, CallContext, Next, Stage } from '../pipeline/stage';
import { guardSseBody } from '../stream/guard-sse-body';

/**
 * Guards streamed calls: the first-chunk timer starts with the attempt (so it also covers a
 * server that never answers), and the attempt only succeeds once the first event with data
 * arrived, so a stall or cut before any output is retried by the retry stage. The body handed
 * to the SDK then enforces the idle and total timeouts (see `guardSseBody`).
 */
export function streamGuardStage(): Stage {
  return {
    name: 'stream-guard',
    handle(ctx, next) {
      const attempt = ctx.attempt;
      // Not async for the calls it lets by: no extra promise per non-streamed call.
      if (!ctx.stream || attempt === undefined) return next(ctx);
      return guard(ctx, attempt, next);
    },
  };
}

async function guard(ctx: CallContext, attempt: AttemptState, next: Next): Promise<Response> {
  const timeoutMs = ctx.settings.streamFirstChunkTimeoutMs;
  const timer = setTimeout(() => {
    attempt.abort(
      new AIStreamStalledError({
        message: `Stream stalled: no chunk within ${timeoutMs} ms (first_chunk)`,
        phase: 'first_chunk',
        context: {
          source: 'client.stream-guard',
          ...(attempt.requestId === undefined ? {} : { requestId: attempt.requestId }),
          details: { timeoutMs },
        },
      }),
    );
  }, timeoutMs);
  try {
    const response = await next(ctx);
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || response.body === null || !type.includes('text/event-stream')) {
      return response;
    }
    const guarded = await guardSseBody(ctx, attempt, response);
    ctx.settlesWithBody = true;
    return pipelineResponse({ stream: guarded.body }, response);
  } catch (error) {
    throw transportError(error, ctx, 'client.stream-guard');
  } finally {
    clearTimeout(timer);
  }
}
