/**
 * Where the client hands the caller's own `AbortSignal` to the pipeline `fetch`. The SDK links
 * a per-request `signal` to its internal controller, and its stream iterator ends silently once
 * that controller is aborted; so the client keeps the caller's signal away from the SDK and
 * passes it on the request init under this private key instead (the SDK spreads the init it
 * built, symbol keys included, into the one it hands to `fetch`).
 */
const CALLER_SIGNAL: unique symbol = Symbol('aiclient.callerSignal');

interface CallerSignalCarrier {
  [CALLER_SIGNAL]?: AbortSignal | null;
}

/**
 * Marks `init` as built by the aiclient client: its `signal` is then the SDK's own request
 * signal, and `signal` (or `null` when the caller passed none) is the caller's.
 */
export function attachCallerSignal(init: object, signal: AbortSignal | undefined): void {
  (init as CallerSignalCarrier)[CALLER_SIGNAL] = signal ?? null;
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
  if (!Object.hasOwn(init, CALLER_SIGNAL)) return { caller: signal, sdk: undefined };
  return { caller: (init as CallerSignalCarrier)[CALLER_SIGNAL] ?? undefined, sdk: signal };
}

/** A copy of `init` without the caller-signal mark (it must not reach the network `fetch`). */
export function withoutCallerSignal<T extends object>(init: T): T {
  if (!Object.hasOwn(init, CALLER_SIGNAL)) return init;
  const { [CALLER_SIGNAL]: _mark, ...rest } = init as T & CallerSignalCarrier;
  return rest as T;
}
