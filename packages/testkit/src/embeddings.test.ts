import { describe, expect, it } from 'vitest';
import { embeddingsResponse, estimateEmbeddingTokens } from './embeddings';

type Embeddings = {
  data: Array<{ index: number; embedding: number[] | string }>;
  usage: { prompt_tokens: number; total_tokens: number };
};

describe('embeddingsResponse', () => {
  it('returns one deterministic unit vector per input at the model dimension', () => {
    const body = embeddingsResponse({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
    }) as Embeddings;
    const [a, b] = body.data.map((item) => item.embedding as number[]);
    expect(a).toHaveLength(1536);
    expect(a).not.toEqual(b);
    const norm = Math.sqrt((a ?? []).reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 4);
    const again = embeddingsResponse({ model: 'text-embedding-3-small', input: 'a' }) as Embeddings;
    expect(again.data[0]?.embedding).toEqual(a);
    const large = embeddingsResponse({
      model: 'text-embedding-3-large',
      input: 'a',
      dimensions: 8,
    }) as Embeddings;
    expect(large.data[0]?.embedding).toHaveLength(8);
  });

  it('encodes base64 as little-endian float32 of the same vector', () => {
    const floats = embeddingsResponse({ model: 'm', input: 'x', dimensions: 4 }) as Embeddings;
    const encoded = embeddingsResponse({
      model: 'm',
      input: 'x',
      dimensions: 4,
      encoding_format: 'base64',
    }) as Embeddings;
    const bytes = Buffer.from(encoded.data[0]?.embedding as string, 'base64');
    const decoded = Array.from(
      new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
    );
    expect(decoded).toEqual(floats.data[0]?.embedding);
  });

  it('counts prompt tokens over all inputs', () => {
    expect(estimateEmbeddingTokens({ input: ['abcd', 'abcdefgh'] })).toBe(3);
    const body = embeddingsResponse({
      model: 'm',
      input: ['abcd', 'abcdefgh'],
      dimensions: 2,
    }) as Embeddings;
    expect(body.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });
});
