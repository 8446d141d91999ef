import type { Attributes, Counter, Gauge, Histogram, Meter } from '@opentelemetry/api';
import { lazyInstruments } from './lazy-instruments';

/** Bucket boundaries (seconds) of `aiclient.rate_limit.wait.duration`. */
export const RATE_LIMIT_WAIT_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** Name, unit and description of each toolkit metric (all under `aiclient.*`). */
export const TOOLKIT_METRICS = {
  attempts: {
    name: 'aiclient.client.attempts',
    unit: '{attempt}',
    description: 'HTTP attempts sent to the API, first tries and retries alike.',
  },
  retries: {
    name: 'aiclient.client.retries',
    unit: '{retry}',
    description: 'Attempts that were retries of a failed attempt.',
  },
  fallbacks: {
    name: 'aiclient.client.fallbacks',
    unit: '{fallback}',
    description: 'Calls moved to a fallback model or target.',
  },
  cacheHits: {
    name: 'aiclient.cache.hits',
    unit: '{request}',
    description: 'Requests answered from the response cache.',
  },
  cacheMisses: {
    name: 'aiclient.cache.misses',
    unit: '{request}',
    description: 'Cacheable requests not found in the response cache.',
  },
  rateLimitWaits: {
    name: 'aiclient.rate_limit.waits',
    unit: '{wait}',
    description: 'Requests delayed by the client-side rate limiter.',
  },
  rateLimitWaitDuration: {
    name: 'aiclient.rate_limit.wait.duration',
    unit: 's',
    description: 'Time requests waited in the client-side rate limiter.',
  },
  keyCooldowns: {
    name: 'aiclient.key.cooldowns',
    unit: '{cooldown}',
    description: 'API keys put on cooldown after a rate limit, quota or auth failure.',
  },
  streamStalls: {
    name: 'aiclient.stream.stalls',
    unit: '{stall}',
    description: 'Streams aborted because no chunk arrived in time.',
  },
  circuitState: {
    name: 'aiclient.circuit.state',
    unit: '{state}',
    description: 'Circuit breaker state per target: 0 closed, 1 half-open, 2 open.',
  },
  redisFallbacks: {
    name: 'aiclient.redis.fallbacks',
    unit: '{fallback}',
    description: 'Operations that fell back to in-memory state because Redis failed.',
  },
} as const;

/** States of a circuit breaker, as recorded by `aiclient.circuit.state`. */
export type CircuitState = 'closed' | 'half_open' | 'open';

/** Numeric value of each circuit state on the `aiclient.circuit.state` gauge. */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = {
  closed: 0,
  half_open: 1,
  open: 2,
};

/** Recorders of the toolkit's own metrics. Attributes are optional and must stay low-cardinality. */
export interface ToolkitMetrics {
  recordAttempt(attributes?: Attributes): void;
  recordRetry(attributes?: Attributes): void;
  recordFallback(attributes?: Attributes): void;
  recordCacheHit(attributes?: Attributes): void;
  recordCacheMiss(attributes?: Attributes): void;
  /** Counts one wait and records its duration. */
  recordRateLimitWait(seconds: number, attributes?: Attributes): void;
  recordKeyCooldown(attributes?: Attributes): void;
  recordStreamStall(attributes?: Attributes): void;
  recordCircuitState(state: CircuitState, attributes?: Attributes): void;
  recordRedisFallback(attributes?: Attributes): void;
}

interface ToolkitInstruments {
  attempts: Counter;
  retries: Counter;
  fallbacks: Counter;
  cacheHits: Counter;
  cacheMisses: Counter;
  rateLimitWaits: Counter;
  rateLimitWaitDuration: Histogram;
  keyCooldowns: Counter;
  streamStalls: Counter;
  circuitState: Gauge;
  redisFallbacks: Counter;
}

/**
 * The `aiclient.*` metrics (see the README table). Instruments are created once per meter and,
 * without `meter`, follow the global meter provider like {@link createGenAiMetrics}.
 */
export function createToolkitMetrics(meter?: Meter): ToolkitMetrics {
  const instruments = lazyInstruments<ToolkitInstruments>(
    (m) => ({
      attempts: counter(m, TOOLKIT_METRICS.attempts),
      retries: counter(m, TOOLKIT_METRICS.retries),
      fallbacks: counter(m, TOOLKIT_METRICS.fallbacks),
      cacheHits: counter(m, TOOLKIT_METRICS.cacheHits),
      cacheMisses: counter(m, TOOLKIT_METRICS.cacheMisses),
      rateLimitWaits: counter(m, TOOLKIT_METRICS.rateLimitWaits),
      rateLimitWaitDuration: m.createHistogram(TOOLKIT_METRICS.rateLimitWaitDuration.name, {
        unit: TOOLKIT_METRICS.rateLimitWaitDuration.unit,
        description: TOOLKIT_METRICS.rateLimitWaitDuration.description,
        advice: { explicitBucketBoundaries: [...RATE_LIMIT_WAIT_BUCKETS] },
      }),
      keyCooldowns: counter(m, TOOLKIT_METRICS.keyCooldowns),
      streamStalls: counter(m, TOOLKIT_METRICS.streamStalls),
      circuitState: m.createGauge(TOOLKIT_METRICS.circuitState.name, {
        unit: TOOLKIT_METRICS.circuitState.unit,
        description: TOOLKIT_METRICS.circuitState.description,
      }),
      redisFallbacks: counter(m, TOOLKIT_METRICS.redisFallbacks),
    }),
    meter,
  );
  return {
    recordAttempt: (attributes) => instruments().attempts.add(1, attributes),
    recordRetry: (attributes) => instruments().retries.add(1, attributes),
    recordFallback: (attributes) => instruments().fallbacks.add(1, attributes),
    recordCacheHit: (attributes) => instruments().cacheHits.add(1, attributes),
    recordCacheMiss: (attributes) => instruments().cacheMisses.add(1, attributes),
    recordRateLimitWait: (seconds, attributes) => {
      const all = instruments();
      all.rateLimitWaits.add(1, attributes);
      all.rateLimitWaitDuration.record(seconds, attributes);
    },
    recordKeyCooldown: (attributes) => instruments().keyCooldowns.add(1, attributes),
    recordStreamStall: (attributes) => instruments().streamStalls.add(1, attributes),
    recordCircuitState: (state, attributes) =>
      instruments().circuitState.record(CIRCUIT_STATE_VALUES[state], attributes),
    recordRedisFallback: (attributes) => instruments().redisFallbacks.add(1, attributes),
  };
}

function counter(meter: Meter, spec: { name: string; unit: string; description: string }): Counter {
  return meter.createCounter(spec.name, { unit: spec.unit, description: spec.description });
}
