import { transportError } from '../errors/transport-error';
import type { CallContext, Next } from './stage';

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** The `fetch` that reaches the network. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Header that carries the key: `authorization` (Bearer) or Azure's `api-key`. */
  authHeader?: 'authorization' | 'api-key';
}

/**
 * The pipeline's terminal: sends one HTTP attempt with the attempt's key and signal and
 * records its status and request id. A network failure becomes an `AIError`; an HTTP error
 * status is returned as is (the response classifier reads it).
 */
export function createTransport(options: TransportOptions = {}): Next {
  const { fetch: send = globalThis.fetch, authHeader = 'authorization' } = options;
  return async (ctx: CallContext) => {
    const { request, attempt } = ctx;
    const apiKey = attempt?.apiKey;
    if (apiKey !== undefined) {
      request.headers.set(authHeader, authHeader === 'api-key' ? apiKey : `Bearer ${apiKey}`);
    } else if (!ctx.settings.requireApiKey && ctx.settings.apiKey === undefined) {
      // A keyless local server: drop the SDK's placeholder credential.
      request.headers.delete('authorization');
    }
    let response: Response;
    try {
      response = await send(request.url, {
        ...request.init,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: attempt?.signal ?? ctx.signal,
      });
    } catch (error) {
      throw transportError(error, ctx);
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (attempt !== undefined) {
      attempt.status = response.status;
      if (requestId !== undefined) attempt.requestId = requestId;
    }
    ctx.result.status = response.status;
    if (requestId !== undefined) ctx.result.requestId = requestId;
    return response;
  };
}
