import { maskApiKey } from '@aiclient/config';
import { AIMalformedResponseError } from '@aiclient/errors';
import { classifyApiError } from '../errors/classify-api-error';
import { rememberUpstream } from '../errors/failure-response';
import { transportError } from '../errors/transport-error';
import { pipelineResponse } from '../pipeline/pipeline-response';
import type { CallContext, Stage } from '../pipeline/stage';
import { summarizeResponse } from '../stream/summarize-response';

const SOURCE = 'client.response-classifier';

function isJson(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json');
}

async function readText(response: Response, ctx: CallContext): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw transportError(error, ctx, SOURCE);
  }
}

/**
 * Masks the key this attempt used wherever an error body quotes it, so neither the AIError, its
 * SDK cause, nor a log line built from them can carry it.
 */
function scrubKey(text: string, key: string | undefined): string {
  return key === undefined || key === '' || !text.includes(key)
    ? text
    : text.replaceAll(key, maskApiKey(key));
}

/**
 * Turns an HTTP error response into a classified `AIError` (the SDK's `APIError` as cause) and
 * buffers successful non-streamed JSON bodies inside the attempt, so a reset while reading the
 * body is retried like any connection error, a malformed body becomes `AI-API-016`, and
 * telemetry reads usage without a second pass by the caller. Streams and binary bodies pass.
 */
export function responseClassifierStage(): Stage {
  return {
    name: 'response-classifier',
    async handle(ctx, next) {
      const response = await next(ctx);
      if (!response.ok) {
        const text = scrubKey(await readText(response, ctx), ctx.attempt?.apiKey);
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        const errorField =
          typeof body === 'object' && body !== null && 'error' in body
            ? (body as { error: unknown }).error
            : body;
        const error = classifyApiError({
          status: response.status,
          headers: response.headers,
          error: errorField,
          text: body === undefined ? text : undefined,
          source: SOURCE,
        });
        rememberUpstream(error, { status: response.status, headers: response.headers, text });
        throw error;
      }
      if (ctx.settlesWithBody || response.body === null || !isJson(response)) return response;
      const text = await readText(response, ctx);
      if (text !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (cause) {
          throw new AIMalformedResponseError({
            message: 'The response body is not valid JSON',
            cause,
            context: {
              source: SOURCE,
              status: response.status,
              ...(ctx.result.requestId === undefined ? {} : { requestId: ctx.result.requestId }),
            },
          });
        }
        summarizeResponse(parsed, ctx.result);
      }
      // The SDK reads the buffered text as is (no second body stream per call).
      return pipelineResponse({ text }, response);
    },
  };
}
