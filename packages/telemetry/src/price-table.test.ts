import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE, estimateCostUsd, findModelPrice } from './price-table';

describe('findModelPrice', () => {
  it('prefers an exact entry', () => {
    expect(findModelPrice('gpt-4o', DEFAULT_PRICE_TABLE)).toBe(DEFAULT_PRICE_TABLE['gpt-4o']);
  });

  it('prices a dated snapshot by its longest family prefix', () => {
    expect(findModelPrice('gpt-4o-mini-2024-07-18', DEFAULT_PRICE_TABLE)).toBe(
      DEFAULT_PRICE_TABLE['gpt-4o-mini'],
    );
    expect(findModelPrice('gpt-4o-2024-08-06', DEFAULT_PRICE_TABLE)).toBe(
      DEFAULT_PRICE_TABLE['gpt-4o'],
    );
  });

  it('does not match a prefix that is not followed by a dash', () => {
    expect(findModelPrice('gpt-4omega', DEFAULT_PRICE_TABLE)).toBeUndefined();
    expect(findModelPrice('llama3', DEFAULT_PRICE_TABLE)).toBeUndefined();
  });
});

describe('estimateCostUsd', () => {
  const price = { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 };

  it('prices uncached input, cached input and output at their rates', () => {
    // 600k uncached * 2 + 400k cached * 0.5 + 100k output * 8, per million
    expect(
      estimateCostUsd(price, {
        inputTokens: 1_000_000,
        cachedTokens: 400_000,
        outputTokens: 100_000,
      }),
    ).toBeCloseTo(1.2 + 0.2 + 0.8, 10);
  });

  it('uses the input rate for cached tokens when no cached rate is set', () => {
    expect(
      estimateCostUsd(
        { inputPerMillion: 1, outputPerMillion: 1 },
        { inputTokens: 10, cachedTokens: 10 },
      ),
    ).toBeCloseTo(0.00001, 12);
  });

  it('never counts more cached tokens than input tokens, and treats missing counts as zero', () => {
    expect(estimateCostUsd(price, { inputTokens: 10, cachedTokens: 50 })).toBeCloseTo(
      (10 * 0.5) / 1_000_000,
      12,
    );
    expect(estimateCostUsd(price, {})).toBe(0);
  });
});
