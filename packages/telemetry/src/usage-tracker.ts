import { redactSecrets } from '@aiclient/errors';
import type { Attributes, Counter, Meter } from '@opentelemetry/api';
import { GEN_AI_ATTRIBUTES } from './gen-ai-attributes';
import { lazyInstruments } from './lazy-instruments';
import {
  DEFAULT_PRICE_TABLE,
  estimateCostUsd,
  findModelPrice,
  type ModelPrice,
  type PriceTable,
} from './price-table';

/** One finished (or failed) call, as reported to {@link UsageTracker.record}. */
export interface UsageRecord {
  /** Model the call was made to. */
  model: string;
  /** Non-secret key fingerprint (`keyId()` of @aiclient/config). Never the key itself. */
  keyId?: string | undefined;
  /** `chat`, `embeddings`, ... */
  operation: string;
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  /** Cached input tokens (a subset of `inputTokens`). */
  cachedTokens?: number | undefined;
  /** aiclient error code when the call failed. */
  errorCode?: string | undefined;
  /** True when the response came from the toolkit's cache (no API call, no cost). */
  cacheHit?: boolean | undefined;
  /**
   * USD a cache hit did not spend (what the call it replays cost). When omitted on a cache hit,
   * it is the price of the record's tokens in this tracker's price table; ignored on other calls.
   */
  costSavedUsd?: number | undefined;
  /** Endpoint or deployment name, when several are used. */
  target?: string | undefined;
}

/** Totals for one group of calls. */
export interface UsageTotals {
  requests: number;
  errors: number;
  errorsByCode: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  cacheHits: number;
  /** Estimated cost in USD from the price table; calls to unpriced models add nothing. */
  estimatedCostUsd: number;
  /** Calls whose model has no price, so the cost above undercounts them. */
  unpricedRequests: number;
  /** Estimated USD the cache hits did not spend (what their tokens would have cost). */
  costSavedUsd: number;
}

/** A point-in-time copy of everything tracked. */
export interface UsageSnapshot {
  /** ISO time tracking started (or was last reset). */
  since: string;
  /** ISO time of this snapshot. */
  at: string;
  total: UsageTotals;
  byModel: Record<string, UsageTotals>;
  byKey: Record<string, UsageTotals>;
  byOperation: Record<string, UsageTotals>;
  byTarget: Record<string, UsageTotals>;
}

/** Options of {@link UsageTracker}. */
export interface UsageTrackerOptions {
  /** Prices merged over (or, with `replacePrices`, instead of) `DEFAULT_PRICE_TABLE`. */
  prices?: PriceTable;
  /** Use `prices` alone, without the defaults. @default false */
  replacePrices?: boolean;
  /** Meter for the `aiclient.usage.*` counters. @default the global meter provider's */
  meter?: Meter;
  /** Clock, for tests. @default () => new Date() */
  now?: () => Date;
}

/** Name, unit and description of the counters fed by {@link UsageTracker}. */
export const USAGE_METRICS = {
  requests: { name: 'aiclient.usage.requests', unit: '{request}', description: 'Calls tracked.' },
  errors: { name: 'aiclient.usage.errors', unit: '{error}', description: 'Failed calls.' },
  tokens: {
    name: 'aiclient.usage.tokens',
    unit: '{token}',
    description: 'Tokens by type (input, output, cached).',
  },
  cost: {
    name: 'aiclient.usage.cost',
    unit: '{USD}',
    description: 'Estimated cost in USD from the price table.',
  },
  costSaved: {
    name: 'aiclient.usage.cost_saved',
    unit: '{USD}',
    description: 'Estimated USD not spent thanks to cache hits.',
  },
} as const;

interface UsageInstruments {
  requests: Counter;
  errors: Counter;
  tokens: Counter;
  cost: Counter;
  costSaved: Counter;
}

const UNKNOWN = 'unknown';
const REDACTED_KEY_ID = '[REDACTED]';

/**
 * Tracks usage per model, per key (by non-secret key id), per operation and per target:
 * requests, errors by code, input/output/cached tokens, estimated cost and the cost cache hits
 * saved. `snapshot()` returns the numbers; the `aiclient.usage.*` OpenTelemetry counters are fed
 * from the same records.
 */
export class UsageTracker {
  #prices: PriceTable;
  readonly #now: () => Date;
  readonly #instruments: () => UsageInstruments;
  #since: Date;
  #total = emptyTotals();
  #byModel = new Map<string, UsageTotals>();
  #byKey = new Map<string, UsageTotals>();
  #byOperation = new Map<string, UsageTotals>();
  #byTarget = new Map<string, UsageTotals>();

  constructor(options: UsageTrackerOptions = {}) {
    const { prices, replacePrices = false, meter, now = () => new Date() } = options;
    this.#prices = replacePrices ? { ...prices } : { ...DEFAULT_PRICE_TABLE, ...prices };
    this.#now = now;
    this.#since = now();
    this.#instruments = lazyInstruments(
      (m) => ({
        requests: m.createCounter(USAGE_METRICS.requests.name, USAGE_METRICS.requests),
        errors: m.createCounter(USAGE_METRICS.errors.name, USAGE_METRICS.errors),
        tokens: m.createCounter(USAGE_METRICS.tokens.name, USAGE_METRICS.tokens),
        cost: m.createCounter(USAGE_METRICS.cost.name, USAGE_METRICS.cost),
        costSaved: m.createCounter(USAGE_METRICS.costSaved.name, USAGE_METRICS.costSaved),
      }),
      meter,
    );
  }

  /** The price of `model` in this tracker's table, if any. */
  priceOf(model: string): ModelPrice | undefined {
    return findModelPrice(model, this.#prices);
  }

  /** Replaces prices for the given models (merged over the current table). */
  setPrices(prices: PriceTable): void {
    this.#prices = { ...this.#prices, ...prices };
  }

  /** Adds one call to every group it belongs to and to the OpenTelemetry counters. */
  record(record: UsageRecord): void {
    const cacheHit = record.cacheHit === true;
    const price = this.priceOf(record.model);
    // A cache hit made no API call: its tokens were paid for by the original call.
    const cost = cacheHit || price === undefined ? 0 : estimateCostUsd(price, record);
    const unpriced = !cacheHit && price === undefined;
    const saved = cacheHit ? costSaved(record, price) : 0;
    const keyId = safeKeyId(record.keyId);
    const groups = [
      this.#total,
      group(this.#byModel, record.model),
      group(this.#byKey, keyId),
      group(this.#byOperation, record.operation),
    ];
    if (record.target !== undefined) groups.push(group(this.#byTarget, record.target));
    for (const totals of groups) add(totals, record, cost, unpriced, saved);
    this.#emit(record, keyId, cost, cacheHit, saved);
  }

  /** A deep copy of the current totals. */
  snapshot(): UsageSnapshot {
    return {
      since: this.#since.toISOString(),
      at: this.#now().toISOString(),
      total: copyTotals(this.#total),
      byModel: copyGroup(this.#byModel),
      byKey: copyGroup(this.#byKey),
      byOperation: copyGroup(this.#byOperation),
      byTarget: copyGroup(this.#byTarget),
    };
  }

  /** Clears the totals (the OpenTelemetry counters are cumulative and keep counting). */
  reset(): void {
    this.#since = this.#now();
    this.#total = emptyTotals();
    this.#byModel.clear();
    this.#byKey.clear();
    this.#byOperation.clear();
    this.#byTarget.clear();
  }

  #emit(record: UsageRecord, keyId: string, cost: number, cacheHit: boolean, saved: number): void {
    const instruments = this.#instruments();
    const attributes: Attributes = {
      [GEN_AI_ATTRIBUTES.requestModel]: record.model,
      [GEN_AI_ATTRIBUTES.operationName]: record.operation,
      'aiclient.key.id': keyId,
      'aiclient.cache.hit': cacheHit,
    };
    if (record.target !== undefined) attributes['aiclient.target'] = record.target;
    instruments.requests.add(1, attributes);
    if (record.errorCode !== undefined) {
      instruments.errors.add(1, { ...attributes, [GEN_AI_ATTRIBUTES.errorType]: record.errorCode });
    }
    if (!cacheHit) {
      addTokens(instruments.tokens, record.inputTokens, 'input', attributes);
      addTokens(instruments.tokens, record.outputTokens, 'output', attributes);
      addTokens(instruments.tokens, record.cachedTokens, 'cached', attributes);
      if (cost > 0) instruments.cost.add(cost, attributes);
    } else if (saved > 0) {
      instruments.costSaved.add(saved, attributes);
    }
  }
}

/** What a cache hit saved: the given amount, else its tokens at the model's price. */
function costSaved(record: UsageRecord, price: ModelPrice | undefined): number {
  const given = record.costSavedUsd;
  if (given !== undefined) return Number.isFinite(given) && given > 0 ? given : 0;
  return price === undefined ? 0 : estimateCostUsd(price, record);
}

function addTokens(counter: Counter, count: number | undefined, type: string, base: Attributes) {
  if (count !== undefined && count > 0)
    counter.add(count, { ...base, 'aiclient.token.type': type });
}

// A key id is meant to be a fingerprint; if a caller passes a real key by mistake it must not
// reach a snapshot or a metric label.
function safeKeyId(keyId: string | undefined): string {
  if (keyId === undefined || keyId === '') return UNKNOWN;
  return redactSecrets(keyId) === keyId ? keyId : REDACTED_KEY_ID;
}

function emptyTotals(): UsageTotals {
  return {
    requests: 0,
    errors: 0,
    errorsByCode: {},
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    cacheHits: 0,
    estimatedCostUsd: 0,
    unpricedRequests: 0,
    costSavedUsd: 0,
  };
}

function group(map: Map<string, UsageTotals>, key: string): UsageTotals {
  let totals = map.get(key);
  if (totals === undefined) {
    totals = emptyTotals();
    map.set(key, totals);
  }
  return totals;
}

function add(
  totals: UsageTotals,
  record: UsageRecord,
  cost: number,
  unpriced: boolean,
  saved: number,
): void {
  totals.requests += 1;
  if (record.errorCode !== undefined) {
    totals.errors += 1;
    totals.errorsByCode[record.errorCode] = (totals.errorsByCode[record.errorCode] ?? 0) + 1;
  }
  if (record.cacheHit === true) {
    totals.cacheHits += 1;
    totals.costSavedUsd += saved;
    return;
  }
  totals.inputTokens += record.inputTokens ?? 0;
  totals.outputTokens += record.outputTokens ?? 0;
  totals.cachedTokens += record.cachedTokens ?? 0;
  totals.estimatedCostUsd += cost;
  if (unpriced) totals.unpricedRequests += 1;
}

function copyTotals(totals: UsageTotals): UsageTotals {
  return { ...totals, errorsByCode: { ...totals.errorsByCode } };
}

function copyGroup(map: Map<string, UsageTotals>): Record<string, UsageTotals> {
  const out: Record<string, UsageTotals> = {};
  for (const [key, totals] of map) out[key] = copyTotals(totals);
  return out;
}
