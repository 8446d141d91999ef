import { createSeededRandom, type SeededRandom } from './seeded-random';

/**
 * A fault the mock injects. `latency` and `chunk_latency` delay an otherwise normal answer and
 * combine with other rules; every other type replaces the answer (the first one that fires wins).
 */
export type Fault =
  | {
      /** 429 `rate_limit_exceeded` with `retry-after`, `retry-after-ms`, `x-ratelimit-reset-*`. */
      type: 'rate_limit';
      /** `retry-after` header in seconds (default 1; set null to omit the header). */
      retryAfterSeconds?: number | null;
      /** `retry-after-ms` header (omitted unless given). */
      retryAfterMs?: number;
      /** `x-ratelimit-reset-requests` value, e.g. '1s' (default: from retryAfterSeconds). */
      resetRequests?: string;
      /** `x-ratelimit-reset-tokens` value, e.g. '6m0s' (default: from retryAfterSeconds). */
      resetTokens?: string;
      /** Which limit the body names: 'requests' (default) or 'tokens'. */
      limitType?: 'requests' | 'tokens';
    }
  /** 429 `insufficient_quota` (not retryable). */
  | { type: 'insufficient_quota' }
  /** 400 `context_length_exceeded` naming `maxTokens` (default 128000). */
  | { type: 'context_length_exceeded'; maxTokens?: number }
  /**
   * Content filter. `mode: 'error'` (default): 400 with code `content_filter`; `mode:
   * 'finish_reason'`: 200 with empty content and `finish_reason: 'content_filter'` (chat only).
   */
  | { type: 'content_filter'; mode?: 'error' | 'finish_reason' }
  /** 5xx with OpenAI's `server_error` body; `status` 500 (default), 502, 503 or 504. */
  | { type: 'server_error'; status?: number }
  /** Any status with an optional body and headers. */
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Delay before the response headers. */
  | { type: 'latency'; ms: number }
  /** Delay between streamed chunks (and before the first). */
  | { type: 'chunk_latency'; ms: number }
  /**
   * Stall forever: a stream sends headers and `afterChunks` events (default 0) and then nothing;
   * a non-streaming call never answers. Ends when the client gives up or the mock closes.
   */
  | { type: 'stall'; afterChunks?: number }
  /** Destroy the socket mid-way: after `afterChunks` events (default 1) or half a JSON body. */
  | { type: 'cut'; afterChunks?: number }
  /** 200 with a body that is not valid JSON (streams: a `data:` event after `afterChunks`). */
  | { type: 'malformed_json'; afterChunks?: number }
  /** A stream that ends cleanly in the middle of an event after `afterChunks` (default 1). */
  | { type: 'truncated_sse'; afterChunks?: number }
  /** Connection reset (TCP RST) before any response. */
  | { type: 'reset' };

/** The fault type names. */
export type FaultType = Fault['type'];

/** Which requests a rule applies to; every given field must match. */
export interface FaultMatch {
  /** Request path, e.g. '/v1/chat/completions' (a suffix such as '/chat/completions' matches). */
  path?: string;
  /** Model named in the body. */
  model?: string;
  /** The API key, or its key id (`key_` + 8 hex). */
  key?: string;
  /** Whether the request asked for a stream. */
  stream?: boolean;
}

/**
 * A scripted fault. Counting only requests that match: skip the first `after`, then inject on at
 * most `times` of them, each with `probability` (drawn from the server's seeded PRNG).
 */
export interface FaultRule {
  match?: FaultMatch;
  /** Matching requests to let through before the rule starts (default 0). */
  after?: number;
  /** Maximum injections (default unlimited). */
  times?: number;
  /** Chance of injecting on each eligible request, 0..1 (default 1). */
  probability?: number;
  fault: Fault;
}

/** What a request sees from the plan. */
export interface FaultDecision {
  /** The fault replacing the answer, if any. */
  fault?: Fault;
  latencyMs: number;
  chunkLatencyMs: number;
  /** Every fault that fired, for stats (including latency modifiers). */
  fired: Fault[];
}

/** The request properties rules match on. */
export interface FaultRequest {
  path: string;
  model: string | undefined;
  key: string | undefined;
  keyId: string | undefined;
  stream: boolean;
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  applied: number;
}

const NO_FAULT: FaultDecision = { latencyMs: 0, chunkLatencyMs: 0, fired: [] };

function matches(match: FaultMatch | undefined, request: FaultRequest): boolean {
  if (match === undefined) return true;
  if (
    match.path !== undefined &&
    request.path !== match.path &&
    !request.path.endsWith(match.path)
  ) {
    return false;
  }
  if (match.model !== undefined && match.model !== request.model) return false;
  if (match.key !== undefined && match.key !== request.key && match.key !== request.keyId) {
    return false;
  }
  if (match.stream !== undefined && match.stream !== request.stream) return false;
  return true;
}

/** The ordered fault rules of a server, with their counters and seeded PRNG. */
export class FaultPlan {
  private states: RuleState[] = [];
  private readonly random: SeededRandom;

  constructor(rules: readonly FaultRule[] = [], seed = 1) {
    this.random = createSeededRandom(seed);
    this.set(rules);
  }

  /** True when no rule is installed (the hot path then skips fault work entirely). */
  get empty(): boolean {
    return this.states.length === 0;
  }

  /** Replaces all rules (counters restart). */
  set(rules: readonly FaultRule[]): void {
    this.states = rules.map((rule) => ({ rule, seen: 0, applied: 0 }));
  }

  /** Appends a rule. */
  add(rule: FaultRule): void {
    this.states.push({ rule, seen: 0, applied: 0 });
  }

  /** Removes every rule. */
  clear(): void {
    this.states = [];
  }

  /**
   * Decides the faults for one request. Every matching rule counts the request (so `after`
   * means "after N matching requests" whichever rule answered them); the first replacing fault
   * that fires wins; latencies add up.
   */
  decide(request: FaultRequest): FaultDecision {
    if (this.states.length === 0) return NO_FAULT;
    let fault: Fault | undefined;
    let latencyMs = 0;
    let chunkLatencyMs = 0;
    const fired: Fault[] = [];
    for (const state of this.states) {
      if (!matches(state.rule.match, request)) continue;
      state.seen++;
      if (state.seen <= (state.rule.after ?? 0)) continue;
      if (state.rule.times !== undefined && state.applied >= state.rule.times) continue;
      const candidate = state.rule.fault;
      const isModifier = candidate.type === 'latency' || candidate.type === 'chunk_latency';
      if (!isModifier && fault !== undefined) continue;
      const probability = state.rule.probability;
      if (probability !== undefined && probability < 1 && this.random() >= probability) continue;
      state.applied++;
      fired.push(candidate);
      if (candidate.type === 'latency') latencyMs += candidate.ms;
      else if (candidate.type === 'chunk_latency') chunkLatencyMs += candidate.ms;
      else fault = candidate;
    }
    if (fired.length === 0) return NO_FAULT;
    return fault === undefined
      ? { latencyMs, chunkLatencyMs, fired }
      : { fault, latencyMs, chunkLatencyMs, fired };
  }
}
