import { describe, expect, it } from 'vitest';
import { readUsage } from './read-usage';

describe('readUsage', () => {
  it('reads chat, responses and embeddings usage shapes', () => {
    expect(
      readUsage({
        prompt_tokens: 3,
        completion_tokens: 4,
        prompt_tokens_details: { cached_tokens: 1 },
      }),
    ).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      cachedTokens: 1,
    });
    expect(
      readUsage({ input_tokens: 5, output_tokens: 6, input_tokens_details: { cached_tokens: 0 } }),
    ).toEqual({
      inputTokens: 5,
      outputTokens: 6,
      cachedTokens: 0,
    });
    expect(readUsage({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ inputTokens: 8 });
  });

  it('returns undefined without counts', () => {
    expect(readUsage(null)).toBeUndefined();
    expect(readUsage({ total_tokens: 3 })).toBeUndefined();
    expect(readUsage('usage')).toBeUndefined();
  });
});
