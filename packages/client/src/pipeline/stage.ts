import type { AIClientSettings } from '@aiclient/config';
import type { AIError, AttemptRecord } from '@aiclient/errors';
import type { Span } from '@opentelemetry/api';

/**
 * GenAI operation of a call (`gen_ai.operation.name`), derived from the request path.
 * The Responses API counts as `chat` (a conversational turn), completions as `text_completion`.
 */
export type CallOperation = 'chat' | 'text_completion' | 'embeddings' | 'other';

/** Per-call cache control read from the `x-aiclient-cache` request header. */
export type CacheControl = 'default' | 'bypass' | 'force';

/**
 * Controls a caller passes per request through the SDK's `headers` option as `x-aiclient-*`
 * headers. They are read and removed before the request leaves the process.
 */
export interface CallControls {
  /** `x-aiclient-deadline-ms` (or the SDK's per-request `timeout`): this call's whole budget. */
  readonly deadlineMs?: number;
  /** `x-aiclient-cache: bypass | force`. */
  readonly cache: CacheControl;
  /** `x-aiclient-max-attempts`: caps attempts for this call (1 disables retries). */
  readonly maxAttempts?: number;
  /** Every `x-aiclient-*` header received, by name without the prefix (lowercase). */
  readonly raw: ReadonlyMap<string, string>;
}

/** The outgoing HTTP request as the SDK built it, with `x-aiclient-*` headers stripped. */
export interface CallRequest {
  /**
   * Absolute URL. The transport reads it at send time, so a stage that sends the call elsewhere
   * (a fallback endpoint) replaces it; the request object belongs to this call alone.
   */
  url: string;
  /** Path below the API base, e.g. `/chat/completions`. */
  readonly path: string;
  /** Upper-case method. */
  readonly method: string;
  /** Outgoing headers (the transport sets `Authorization` per attempt from `attempt.apiKey`). */
  readonly headers: Headers;
  /**
   * Outgoing body. A stage that changes the request (a model fallback) replaces `body` and
   * `json` together; nothing else re-serializes it.
   */
  body: RequestInit['body'];
  /**
   * The JSON body's params: the object the SDK serialized (a call through the client: the
   * caller's own params, not a copy), else the body parsed once. Never mutate it in place.
   */
  json: Readonly<Record<string, unknown>> | undefined;
  /** Other `RequestInit` fields the SDK passed (e.g. `fetchOptions` such as a dispatcher). */
  readonly init: Omit<RequestInit, 'signal' | 'headers' | 'body'>;
}

/** One HTTP attempt of a call, created by the retry stage before calling the attempt stages. */
export interface AttemptState {
  /** 1-based attempt number. */
  readonly number: number;
  /** Milliseconds waited (backoff or server-advised) before this attempt. */
  readonly waitBeforeMs: number;
  /** Epoch milliseconds when the attempt started. */
  readonly startedAt: number;
  /** Aborted on caller abort, deadline, stall or early consumer exit. */
  readonly signal: AbortSignal;
  /** Aborts this attempt (and its upstream socket) with a reason. */
  abort(reason?: unknown): void;
  /** Key to send; set by the key stage, else the client's key. Never logged or recorded. */
  apiKey: string | undefined;
  /** Non-secret fingerprint of `apiKey` (`keyId()` from @aiclient/config). */
  keyId: string | undefined;
  /** Upstream target name (host or pool member), for records and spans. */
  target: string | undefined;
  /** HTTP status received, once known. */
  status?: number;
  /** Provider request id (`x-request-id`), once known. */
  requestId?: string;
}

/** Token usage reported by the API. */
export interface CallUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
}

/** What is known about the result so far; filled by stages as the call progresses. */
export interface CallResult {
  status?: number;
  requestId?: string;
  responseId?: string;
  responseModel?: string;
  finishReasons?: string[];
  usage?: CallUsage;
  /** Set by the cache stage when the response came from the cache. */
  cacheHit?: boolean;
  /** Set by the cache stage on a hit: what the replayed response's usage would have cost. */
  costSavedUsd?: number;
  /**
   * The fallback target tried last (so the one that served a successful call), e.g.
   * `gpt-4o@api.openai.com`; set by the fallback stage. A label, never a credential.
   */
  target?: string;
  /** Index of {@link CallResult.target} in the fallback chain; 0 is the primary. */
  targetIndex?: number;
  /** Seconds from call start to the first streamed chunk. */
  timeToFirstChunkS?: number;
  /** Number of streamed content chunks delivered to the caller. */
  chunks?: number;
}

/** How a call ended, passed once to every `onSettled` listener. */
export interface CallOutcome {
  /**
   * `success`, `error`, or `cancelled` (the consumer stopped iterating a stream before its end
   * marker; a stream read to `[DONE]` or its terminal event is a `success`).
   */
  readonly kind: 'success' | 'error' | 'cancelled';
  readonly error?: AIError;
  /** Epoch milliseconds at settlement. */
  readonly endedAt: number;
}

/** Logger shape shared with the openai SDK's `logger` option. */
export interface PipelineLogger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

/** Everything a call's stages share; one object per logical SDK call. */
export interface CallContext {
  /** Local id of this call (not the provider's request id). */
  readonly callId: string;
  readonly operation: CallOperation;
  /** Endpoint label, e.g. `chat.completions`, `responses`, `embeddings`. */
  readonly endpoint: string;
  readonly request: CallRequest;
  /** Requested model; a fallback stage may change it (together with `request.body`). */
  model: string | undefined;
  /** True when the request asked for a streamed (SSE) response. */
  readonly stream: boolean;
  /**
   * True when the pipeline added `stream_options.include_usage` itself, so the stream guard
   * must drop the usage-only chunk the caller did not ask for.
   */
  readonly injectedUsage: boolean;
  readonly settings: Readonly<AIClientSettings>;
  readonly controls: CallControls;
  /**
   * The caller's own signal (the SDK's per-request `signal` option, or a plain `fetch` call's
   * `signal`): its abort fails the call with `AIAbortedError`, even mid-stream.
   */
  readonly callerSignal: AbortSignal | undefined;
  /**
   * The SDK's request signal when the call came through the client: the SDK aborts it when the
   * consumer leaves a stream early (`break`, `stream.controller.abort()`), which cancels the call.
   */
  readonly sdkSignal: AbortSignal | undefined;
  /**
   * Aborted on caller abort, SDK abort or when the deadline passes: every wait and attempt
   * listens.
   */
  readonly signal: AbortSignal;
  /** Epoch milliseconds when this call's budget runs out. */
  readonly deadlineAt: number;
  /** Epoch milliseconds when the call started. */
  readonly startedAt: number;
  /** Completed attempts, in order (the error's attempt history). */
  readonly attempts: AttemptRecord[];
  /** The attempt in flight; set by the retry stage. */
  attempt: AttemptState | undefined;
  readonly result: CallResult;
  /** The call's span, once the telemetry stage started it. */
  span: Span | undefined;
  /** Set by a stage that hands over a body which settles the call when it ends. */
  settlesWithBody: boolean;
  /** Per-stage scratch space: key by a module-private symbol. */
  readonly state: Map<symbol, unknown>;
  /** Registers a listener called exactly once when the call ends. */
  onSettled(listener: (outcome: CallOutcome) => void): void;
  /** Settles the call (first call wins; later calls are ignored). */
  settle(outcome: Omit<CallOutcome, 'endedAt'>): void;
  /** True once the call settled. */
  readonly settled: boolean;
  readonly logger: PipelineLogger;
}

/** Continues the pipeline with the next stage (or the transport). */
export type Next = (ctx: CallContext) => Promise<Response>;

/** Stage names in pipeline order; see {@link STAGE_ORDER} in compose.ts. */
export type StageName =
  | 'telemetry'
  | 'logging'
  | 'cache'
  | 'fallback'
  | 'retry'
  | 'circuit-breaker'
  | 'rate-limit'
  | 'key-pool'
  | 'attempt-telemetry'
  | 'response-classifier'
  | 'stream-guard';

/**
 * One concern of the transport pipeline. A stage either returns a `Response` (usually the one
 * `next` returned, possibly wrapped) or throws an `AIError`. Stages never throw foreign errors.
 */
export interface Stage {
  readonly name: StageName;
  handle(ctx: CallContext, next: Next): Promise<Response>;
}
