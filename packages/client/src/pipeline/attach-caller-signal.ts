/**
 * Where the client hands the pipeline `fetch` what the SDK knows but does not send: the
 * caller's own `AbortSignal` and the request params object the body was serialized from.
 *
 * The SDK links a per-request `signal` to its internal controller, and its stream iterator ends
 * silently once that controller is aborted; so the client keeps the caller's signal away from
 * the SDK and passes it on the request init under this private key instead (the SDK spreads the
 * init it built, symbol keys included, into the one it hands to `fetch`). The params spare the
 * pipeline a second parse of a body the SDK has just serialized (the cost grows with the prompt).
 */
const CLIENT_MARK: unique symbol = Symbol('aiclient.clientMark');

interface ClientMark {
  readonly signal: AbortSignal | undefined;
  readonly params: unknown;
}

interface ClientMarkCarrier {
  [CLIENT_MARK]?: ClientMark;
}

/**
 * Marks `init` as built by the aiclient client: its `signal` is then the SDK's own request
 * signal, `signal` (or none) is the caller's, and `params` the object the SDK serialized into
 * `init.body` (when it sent JSON).
 */
export function attachCallerSignal(
  init: object,
  signal: AbortSignal | undefined,
  params?: unknown,
): void {
  (init as ClientMarkCarrier)[CLIENT_MARK] = { signal, params };
}

/** What {@link readCallerSignal} found on a request init. */
export interface CallSignals {
  /** The caller's own signal: its abort is the caller's. */
  readonly caller: AbortSignal | undefined;
  /**
   * The SDK's request signal, when the call came through the client: the SDK aborts it when
   * the consumer leaves a stream early (`break`, `stream.controller.abort()`).
   */
  readonly sdk: AbortSignal | undefined;
}

/**
 * Splits a request init's signals. Without the client's mark the call is a plain `fetch`, whose
 * `signal` belongs to its caller.
 */
export function readCallerSignal(init: RequestInit): CallSignals {
  const signal = init.signal ?? undefined;
  const mark = (init as ClientMarkCarrier)[CLIENT_MARK];
  if (mark === undefined) return { caller: signal, sdk: undefined };
  return { caller: mark.signal, sdk: signal };
}

/**
 * The params object the client's SDK serialized into `init.body`, when it is a plain JSON
 * object; `undefined` for a plain `fetch` call or a non-object body (then parse the body).
 */
export function readRequestParams(init: RequestInit): Record<string, unknown> | undefined {
  const params = (init as ClientMarkCarrier)[CLIENT_MARK]?.params;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const prototype = Object.getPrototypeOf(params);
  return prototype === Object.prototype || prototype === null
    ? (params as Record<string, unknown>)
    : undefined;
}

/**
 * What a request init carries besides its signal, headers and body, in one copy and without the
 * client's mark (the mark must not reach the network `fetch`).
 */
export function initOptions(init: RequestInit): Omit<RequestInit, 'signal' | 'headers' | 'body'> {
  const {
    signal: _signal,
    headers: _headers,
    body: _body,
    [CLIENT_MARK]: _mark,
    ...rest
  } = init as RequestInit & ClientMarkCarrier;
  return rest;
}
