import type { AIClientSettings } from '@aiclient/config';
import { failureResponse } from '../errors/failure-response';
import { finalizeError } from '../errors/finalize-error';
import { translateSdkError } from '../errors/translate-sdk-error';
import { compose } from './compose';
import { createCallContext } from './create-call-context';
import type { Next, PipelineLogger, Stage } from './stage';

/** Options of {@link createPipelineFetch}. */
export interface PipelineFetchOptions {
  settings: Readonly<AIClientSettings>;
  stages: readonly Stage[];
  /** The terminal that sends one attempt (see `createTransport`). */
  transport: Next;
  logger: PipelineLogger;
  /** Add `stream_options.include_usage` to chat streams (and hide the extra chunk). */
  injectStreamUsage: boolean;
}

/**
 * The `fetch` handed to the SDK: runs one logical call through the composed stages. It never
 * rejects for a classified failure: it settles with an error `Response` registered to the
 * `AIError` (see `failureResponse`), which the client's `makeStatusError` returns, so the SDK
 * throws the toolkit's error with its attempt history while its typed surface stays intact.
 */
export function createPipelineFetch(options: PipelineFetchOptions): typeof fetch {
  const { settings, logger, injectStreamUsage } = options;
  const run = compose(options.stages, options.transport);
  const basePath = new URL(settings.baseURL).pathname.replace(/\/+$/, '');
  const pipelineFetch = async (
    input: Parameters<typeof fetch>[0],
    init?: RequestInit,
  ): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const { ctx, disarmDeadline } = createCallContext({
      url,
      init,
      settings,
      logger,
      basePath,
      injectStreamUsage,
    });
    try {
      const response = await run(ctx);
      // A guarded stream settles the call when its body ends; its own timers replace the deadline.
      if (ctx.settlesWithBody) disarmDeadline();
      else ctx.settle({ kind: 'success' });
      return response;
    } catch (thrown) {
      const error = finalizeError(translateSdkError(thrown, 'client.pipeline'), ctx);
      ctx.settle({ kind: 'error', error });
      return failureResponse(error);
    }
  };
  return pipelineFetch as typeof fetch;
}
