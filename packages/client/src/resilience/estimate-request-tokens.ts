/** Counts the tokens of a text. */
export type TokenCounter = (text: string) => number;

/** Options of {@link estimateRequestTokens}. */
export interface EstimateOptions {
  /** Output budget assumed when the request sets no `max_*tokens`. @default 256 */
  defaultMaxOutputTokens?: number;
  /** Token counter; {@link loadTokenCounter} gives gpt-tokenizer's. @default about 4 characters a token */
  count?: TokenCounter;
}

/** Chat formatting overhead per message and per reply (OpenAI's published accounting). */
const PER_MESSAGE = 4;
const PER_REPLY = 3;

/** A tokenizer-free stand-in (about four characters a token), used until gpt-tokenizer loads. */
export const approximateTokens: TokenCounter = (text) =>
  text === '' ? 0 : Math.ceil(text.length / 4);

let loading: Promise<TokenCounter> | undefined;

/**
 * Loads gpt-tokenizer (o200k_base, several MB) on first use only, so importing the client
 * stays cheap; concurrent first calls share one load. Falls back to the approximation when the
 * tokenizer cannot load.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import('gpt-tokenizer').then(
    (mod) => (text: string) => mod.countTokens(text),
    () => approximateTokens,
  );
  return loading;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (typeof value === 'object' && value !== null) {
    const part = value as Record<string, unknown>;
    // Content parts ({type:'text', text}), Responses input items ({content}), tool calls (arguments).
    return [part.text, part.content, part.arguments, part.input, part.output]
      .filter((v) => v !== undefined)
      .map(textOf)
      .join('\n');
  }
  return '';
}

function outputBudget(body: Readonly<Record<string, unknown>>, fallback: number): number {
  const limit = body.max_completion_tokens ?? body.max_tokens ?? body.max_output_tokens;
  const perChoice = typeof limit === 'number' && limit >= 0 ? limit : fallback;
  const n = typeof body.n === 'number' && body.n > 1 ? body.n : 1;
  return perChoice * n;
}

/**
 * Estimates what a request will cost against a tokens-per-minute limit before it is sent:
 * prompt tokens (chat messages, Responses `input`/`instructions`, completions `prompt`,
 * embeddings `input`, tools) plus the requested output budget. Embeddings produce no output.
 */
export function estimateRequestTokens(
  body: Readonly<Record<string, unknown>> | undefined,
  { defaultMaxOutputTokens = 256, count = approximateTokens }: EstimateOptions = {},
): number {
  if (body === undefined) return 0;
  let prompt = 0;
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) {
      prompt += PER_MESSAGE + count(textOf(message));
      if (typeof message === 'object' && message !== null && 'tool_calls' in message) {
        prompt += count(JSON.stringify((message as { tool_calls: unknown }).tool_calls));
      }
    }
    prompt += PER_REPLY;
  }
  for (const field of ['input', 'instructions', 'prompt'] as const) {
    if (body[field] !== undefined) prompt += count(textOf(body[field]));
  }
  if (body.tools !== undefined) prompt += count(JSON.stringify(body.tools));
  const isEmbedding =
    body.messages === undefined && body.prompt === undefined && 'encoding_format' in body;
  const embeddingLike =
    isEmbedding || (typeof body.model === 'string' && body.model.includes('embedding'));
  return prompt + (embeddingLike ? 0 : outputBudget(body, defaultMaxOutputTokens));
}
