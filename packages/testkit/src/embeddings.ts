import { estimateTokens } from './estimate-tokens';
import { fnv1a } from './fnv1a';
import { createSeededRandom } from './seeded-random';

/** The parts of an embeddings request the mock reads. */
export interface EmbeddingRequestLike {
  model?: unknown;
  input?: unknown;
  encoding_format?: unknown;
  dimensions?: unknown;
}

function defaultDimensions(model: string): number {
  return model.includes('large') ? 3072 : 1536;
}

function inputsOf(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  // Token arrays embed like their JSON text: deterministic is all that matters here.
  return input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

/** A unit-length vector drawn from a PRNG seeded by the model and text: same input, same vector. */
function vectorFor(model: string, text: string, dimensions: number): Float32Array {
  const random = createSeededRandom(fnv1a(`${model}\n${text}`));
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let index = 0; index < dimensions; index++) {
    const value = random() * 2 - 1;
    vector[index] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let index = 0; index < dimensions; index++) vector[index] = (vector[index] ?? 0) * scale;
  return vector;
}

/** Prompt tokens an embeddings request uses (for usage and TPM accounting). */
export function estimateEmbeddingTokens(request: EmbeddingRequestLike): number {
  let tokens = 0;
  for (const text of inputsOf(request.input)) tokens += estimateTokens(text);
  return tokens;
}

/**
 * The spec's `CreateEmbeddingResponse`: one deterministic unit vector per input, as float arrays
 * or, with `encoding_format: 'base64'` (what the openai SDK asks for by default), as base64 of
 * little-endian float32 bytes.
 */
export function embeddingsResponse(request: EmbeddingRequestLike): unknown {
  const model = typeof request.model === 'string' ? request.model : 'text-embedding-3-small';
  const dimensions =
    typeof request.dimensions === 'number' && request.dimensions > 0
      ? Math.min(request.dimensions, 8192)
      : defaultDimensions(model);
  const base64 = request.encoding_format === 'base64';
  const tokens = estimateEmbeddingTokens(request);
  return {
    object: 'list',
    data: inputsOf(request.input).map((text, index) => {
      const vector = vectorFor(model, text, dimensions);
      return {
        object: 'embedding',
        index,
        embedding: base64
          ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
          : Array.from(vector),
      };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
