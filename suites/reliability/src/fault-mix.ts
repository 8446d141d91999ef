import type { Fault, FaultRule, FaultType } from '@aiclient/testkit';

/** How long the timing faults last; the in-test suite scales them down. */
export interface FaultScale {
  /** Extra delay before the headers (`latency`). */
  latencyMs: number;
  /** Extra delay before each streamed event (`chunk_latency`). */
  chunkLatencyMs: number;
  /** `retry-after-ms` of injected 429s. */
  retryAfterMs: number;
}

/** Timing used by the in-test run: short enough for 1,000 calls in seconds. */
export const TEST_SCALE: FaultScale = { latencyMs: 40, chunkLatencyMs: 5, retryAfterMs: 20 };
/** Timing used by the soak: closer to what a real endpoint does, still bounded. */
export const SOAK_SCALE: FaultScale = { latencyMs: 120, chunkLatencyMs: 15, retryAfterMs: 50 };

/** One fault variant of the mix, with a label that says which variant it was. */
export interface FaultVariant {
  readonly label: string;
  readonly fault: Fault;
  /** Only requests sent with this key get it (a quota runs out per key, not per request). */
  readonly key?: string;
  /**
   * Not drawn by chance: every request after this many (matching) requests gets the fault. A
   * quota runs out once and stays out; left to a 1-in-80 draw on a third of the traffic it
   * never fired in about one run in a hundred, and the soak then missed the pool's recovery.
   */
  readonly afterRequests?: number;
}

/** Requests the quota key answers before its quota "runs out" in the measured run. */
export const QUOTA_AFTER_REQUESTS = 25;

// A record keyed by the testkit's FaultType: a type added there fails the typecheck here until
// the mix covers it.
const ALL_FAULT_TYPES: Record<FaultType, true> = {
  rate_limit: true,
  insufficient_quota: true,
  context_length_exceeded: true,
  content_filter: true,
  server_error: true,
  status: true,
  latency: true,
  chunk_latency: true,
  stall: true,
  cut: true,
  malformed_json: true,
  truncated_sse: true,
  reset: true,
};

/** Every fault type the testkit supports. */
export const TESTKIT_FAULT_TYPES = Object.keys(ALL_FAULT_TYPES) as FaultType[];

/**
 * The variants injected: every testkit fault type, the ones with a meaningful parameter in
 * more than one form (a stall before and after the first chunk, a 408 and a 409, ...).
 * `quotaKey` is the one key whose quota "runs out" (the pool must move to the others).
 */
export function faultVariants(scale: FaultScale, quotaKey: string): FaultVariant[] {
  return [
    {
      label: 'rate_limit',
      fault: { type: 'rate_limit', retryAfterSeconds: null, retryAfterMs: scale.retryAfterMs },
    },
    {
      label: 'insufficient_quota',
      fault: { type: 'insufficient_quota' },
      key: quotaKey,
      afterRequests: QUOTA_AFTER_REQUESTS,
    },
    { label: 'context_length_exceeded', fault: { type: 'context_length_exceeded' } },
    { label: 'content_filter:error', fault: { type: 'content_filter', mode: 'error' } },
    {
      label: 'content_filter:finish_reason',
      fault: { type: 'content_filter', mode: 'finish_reason' },
    },
    { label: 'server_error:500', fault: { type: 'server_error', status: 500 } },
    { label: 'server_error:503', fault: { type: 'server_error', status: 503 } },
    { label: 'status:408', fault: { type: 'status', status: 408 } },
    { label: 'status:409', fault: { type: 'status', status: 409 } },
    { label: 'latency', fault: { type: 'latency', ms: scale.latencyMs } },
    { label: 'chunk_latency', fault: { type: 'chunk_latency', ms: scale.chunkLatencyMs } },
    // Before the first chunk only: a recorded request says which fault it got, not after how
    // many chunks, and the two cases differ in recoverability (a stall after output is covered
    // by the hostile-upstream test instead).
    { label: 'stall', fault: { type: 'stall', afterChunks: 0 } },
    { label: 'cut', fault: { type: 'cut', afterChunks: 1 } },
    { label: 'malformed_json', fault: { type: 'malformed_json', afterChunks: 1 } },
    { label: 'truncated_sse', fault: { type: 'truncated_sse', afterChunks: 1 } },
    { label: 'reset', fault: { type: 'reset' } },
  ];
}

/**
 * Fault rules that give each drawn variant an equal share of `rate` (0.2: one request in five
 * gets a fault) through the testkit's seeded PRNG. The testkit draws rules in order until a
 * replacing fault fires, so each rule's probability is conditioned on the earlier ones not
 * firing. Latency modifiers are drawn independently and add to whatever else fires. A variant
 * with `afterRequests` is not drawn: it comes first and fires on every matching request after
 * that many.
 */
export function faultMix(variants: readonly FaultVariant[], rate = 0.2): FaultRule[] {
  const drawn = variants.filter((variant) => variant.afterRequests === undefined);
  const share = rate / drawn.length;
  let remaining = 1;
  const rules: FaultRule[] = [];
  for (const variant of variants) {
    if (variant.afterRequests !== undefined) {
      rules.push({ after: variant.afterRequests, ...ruleBase(variant) });
    }
  }
  for (const variant of drawn) {
    const isModifier = variant.fault.type === 'latency' || variant.fault.type === 'chunk_latency';
    const probability = isModifier ? share : Math.min(1, share / remaining);
    if (!isModifier) remaining -= share;
    rules.push({ probability, ...ruleBase(variant) });
  }
  return rules;
}

function ruleBase(variant: FaultVariant): FaultRule {
  return {
    fault: variant.fault,
    ...(variant.key === undefined ? {} : { match: { key: variant.key } }),
  };
}

/**
 * Whether the client's documented policy can turn a request that got `fault` into a success:
 * retries (429 with a reset, 5xx, 408/409, resets, cut JSON bodies, a stream that never sent
 * its first chunk), another key (a quota), or nothing to recover (pure latency, a 200 that
 * reports a content filter). A stream that failed after its first chunk, a malformed body, a
 * prompt too long for every model, a refused prompt (400) and a non-streaming call that gets no
 * answer before its deadline are not recoverable.
 */
export function isRecoverable(
  fault: FaultType | undefined,
  stream: boolean,
  status: number | undefined,
): boolean {
  switch (fault) {
    case undefined:
    case 'rate_limit':
    case 'insufficient_quota':
    case 'server_error':
    case 'status':
    case 'latency':
    case 'chunk_latency':
    case 'reset':
      return true;
    case 'content_filter':
      return status === 200;
    case 'stall':
      return stream;
    case 'cut':
      return !stream;
    default:
      return false;
  }
}
