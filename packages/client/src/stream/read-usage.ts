import type { CallUsage } from '../pipeline/stage';

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Reads token usage from a Chat Completions (`prompt_tokens`/`completion_tokens`), Responses
 * (`input_tokens`/`output_tokens`) or Embeddings usage object.
 */
export function readUsage(value: unknown): CallUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = value as Record<string, unknown>;
  const inputTokens = count(usage.prompt_tokens) ?? count(usage.input_tokens);
  const outputTokens = count(usage.completion_tokens) ?? count(usage.output_tokens);
  const details = (usage.prompt_tokens_details ?? usage.input_tokens_details) as
    | Record<string, unknown>
    | null
    | undefined;
  const cachedTokens = count(details?.cached_tokens);
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  return {
    ...(inputTokens === undefined ? {} : { inputTokens }),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(cachedTokens === undefined ? {} : { cachedTokens }),
  };
}
