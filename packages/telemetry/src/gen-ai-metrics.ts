import type { Attributes, Histogram, Meter } from '@opentelemetry/api';
import { GEN_AI_ATTRIBUTES } from './gen-ai-attributes';
import { lazyInstruments } from './lazy-instruments';

/** Advised bucket boundaries (seconds) of the GenAI duration histograms. */
export const GEN_AI_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** Advised bucket boundaries of `gen_ai.client.token.usage`. */
export const GEN_AI_TOKEN_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** Name, unit, description and advised buckets of each GenAI client metric. */
export const GEN_AI_METRICS = {
  operationDuration: {
    name: 'gen_ai.client.operation.duration',
    unit: 's',
    description: 'GenAI operation duration.',
    buckets: GEN_AI_DURATION_BUCKETS,
  },
  tokenUsage: {
    name: 'gen_ai.client.token.usage',
    unit: '{token}',
    description: 'Number of input and output tokens used.',
    buckets: GEN_AI_TOKEN_BUCKETS,
  },
  timeToFirstChunk: {
    name: 'gen_ai.client.operation.time_to_first_chunk',
    unit: 's',
    description: 'Time to receive the first chunk of a streamed response.',
    buckets: GEN_AI_DURATION_BUCKETS,
  },
  timePerOutputChunk: {
    name: 'gen_ai.client.operation.time_per_output_chunk',
    unit: 's',
    description: 'Time between consecutive chunks of a streamed response, after the first.',
    buckets: GEN_AI_DURATION_BUCKETS,
  },
} as const;

/** Recorders of the GenAI client metrics. */
export interface GenAiMetrics {
  /** `gen_ai.client.operation.duration`, once per operation (success or failure). */
  recordOperationDuration(seconds: number, attributes: Attributes): void;
  /** `gen_ai.client.token.usage`, once per token type when the provider reported usage. */
  recordTokenUsage(tokens: number, type: 'input' | 'output', attributes: Attributes): void;
  /** `gen_ai.client.operation.time_to_first_chunk`, streamed calls only. */
  recordTimeToFirstChunk(seconds: number, attributes: Attributes): void;
  /** `gen_ai.client.operation.time_per_output_chunk`, each chunk after the first. */
  recordTimePerOutputChunk(seconds: number, attributes: Attributes): void;
}

interface GenAiInstruments {
  operationDuration: Histogram;
  tokenUsage: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
}

/**
 * The GenAI client metrics with the advised units and bucket boundaries. Instruments are created
 * once per meter; without `meter` they follow the global meter provider, so a client made before
 * the app starts its SDK still reports once it does.
 */
export function createGenAiMetrics(meter?: Meter): GenAiMetrics {
  const instruments = lazyInstruments<GenAiInstruments>(
    (m) => ({
      operationDuration: histogram(m, GEN_AI_METRICS.operationDuration),
      tokenUsage: histogram(m, GEN_AI_METRICS.tokenUsage),
      timeToFirstChunk: histogram(m, GEN_AI_METRICS.timeToFirstChunk),
      timePerOutputChunk: histogram(m, GEN_AI_METRICS.timePerOutputChunk),
    }),
    meter,
  );
  // The token-type variants of a frozen attributes object, made once per object: a caller that
  // reuses frozen attributes (the client's telemetry stage does) records token usage without
  // allocating. A mutable object might change after a call, so it is copied every time.
  const tokenAttributes = new WeakMap<
    Attributes,
    Partial<Record<'input' | 'output', Attributes>>
  >();
  const withTokenType = (attributes: Attributes, type: 'input' | 'output'): Attributes => {
    if (!Object.isFrozen(attributes)) {
      return { ...attributes, [GEN_AI_ATTRIBUTES.tokenType]: type };
    }
    let variants = tokenAttributes.get(attributes);
    if (variants === undefined) {
      variants = {};
      tokenAttributes.set(attributes, variants);
    }
    variants[type] ??= Object.freeze({ ...attributes, [GEN_AI_ATTRIBUTES.tokenType]: type });
    return variants[type];
  };
  return {
    recordOperationDuration(seconds, attributes) {
      instruments().operationDuration.record(seconds, attributes);
    },
    recordTokenUsage(tokens, type, attributes) {
      instruments().tokenUsage.record(tokens, withTokenType(attributes, type));
    },
    recordTimeToFirstChunk(seconds, attributes) {
      instruments().timeToFirstChunk.record(seconds, attributes);
    },
    recordTimePerOutputChunk(seconds, attributes) {
      instruments().timePerOutputChunk.record(seconds, attributes);
    },
  };
}

function histogram(
  meter: Meter,
  spec: { name: string; unit: string; description: string; buckets: readonly number[] },
): Histogram {
  return meter.createHistogram(spec.name, {
    unit: spec.unit,
    description: spec.description,
    advice: { explicitBucketBoundaries: [...spec.buckets] },
  });
}
