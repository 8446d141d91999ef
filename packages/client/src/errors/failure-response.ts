import type { AIError } from '@aiclient/errors';

/** The upstream error response an error was classified from. */
export interface UpstreamFailure {
  status: number;
  headers: Headers;
  text: string;
}

const upstreamByError = new WeakMap<AIError, UpstreamFailure>();
const errorByHeaders = new WeakMap<Headers, AIError>();

/** Remembers the upstream response of a classified HTTP error, to hand the SDK the same body. */
export function rememberUpstream(error: AIError, upstream: UpstreamFailure): void {
  upstreamByError.set(error, upstream);
}

/**
 * The error `Response` the pipeline's `fetch` settles with instead of throwing: the final
 * upstream error response (same status and body) when there was one, else a synthetic one.
 * Its `Headers` object is registered to `error`, which the client's `makeStatusError` override
 * returns, so the SDK throws the classified `AIError` itself.
 */
export function failureResponse(error: AIError): Response {
  const upstream = upstreamByError.get(error);
  const response = upstream
    ? new Response(upstream.text, { status: upstream.status, headers: upstream.headers })
    : new Response(JSON.stringify({ error: { message: error.message, code: error.code } }), {
        // 599: outside what servers send, so a synthetic failure is recognisable in SDK logs.
        status: error.status !== undefined && error.status >= 400 ? error.status : 599,
        headers: { 'content-type': 'application/json' },
      });
  errorByHeaders.set(response.headers, error);
  return response;
}

/** The classified error registered for a failure response's headers, if any. */
export function failureFor(headers: Headers | undefined): AIError | undefined {
  return headers === undefined ? undefined : errorByHeaders.get(headers);
}
