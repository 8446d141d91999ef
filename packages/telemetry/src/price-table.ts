/** USD per one million tokens for one model. */
export interface ModelPrice {
  /** Uncached input (prompt) tokens. */
  inputPerMillion: number;
  /** Output (completion) tokens, reasoning included. */
  outputPerMillion: number;
  /** Input tokens served from the prompt cache. @default inputPerMillion */
  cachedInputPerMillion?: number;
}

/** Prices keyed by model name or model-name prefix (`gpt-4o-mini` also prices `gpt-4o-mini-2024-07-18`). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * Published list prices (USD per 1M tokens, standard tier) at the time of writing. They are
 * estimates for dashboards, not invoices: pass your own table to `UsageTracker` to correct them.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, cachedInputPerMillion: 1.25 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, cachedInputPerMillion: 0.075 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6, cachedInputPerMillion: 0.1 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4, cachedInputPerMillion: 0.025 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10, cachedInputPerMillion: 0.125 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2, cachedInputPerMillion: 0.025 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4, cachedInputPerMillion: 0.005 },
  o3: { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 },
  'o3-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4, cachedInputPerMillion: 0.55 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4, cachedInputPerMillion: 0.275 },
  'gpt-3.5-turbo': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
  'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
  'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
  'text-embedding-ada-002': { inputPerMillion: 0.1, outputPerMillion: 0 },
};

/**
 * The price of `model`: an exact entry, else the longest entry that is a prefix of the model
 * followed by `-` (so a dated snapshot takes its family's price and `gpt-4o-mini-...` never takes
 * `gpt-4o`'s). `undefined` when the table does not know the model.
 */
export function findModelPrice(model: string, table: PriceTable): ModelPrice | undefined {
  const exact = table[model];
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (model.startsWith(`${key}-`) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** Token counts priced by {@link estimateCostUsd}. */
export interface PricedTokens {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  /** Cached input tokens, a subset of `inputTokens`. */
  cachedTokens?: number | undefined;
}

/** Estimated cost in USD of `tokens` at `price`; cached input tokens use the cached rate. */
export function estimateCostUsd(price: ModelPrice, tokens: PricedTokens): number {
  const input = tokens.inputTokens ?? 0;
  const cached = Math.min(tokens.cachedTokens ?? 0, input);
  const output = tokens.outputTokens ?? 0;
  const cachedRate = price.cachedInputPerMillion ?? price.inputPerMillion;
  return (
    ((input - cached) * price.inputPerMillion +
      cached * cachedRate +
      output * price.outputPerMillion) /
    1_000_000
  );
}
