/** Counts the tokens of a text. */
export type TokenCounter = (text: string) => number;

/** Options of {@link estimateRequestTokens}. */
export interface EstimateOptions {
  /** Output budget assumed when the request sets no `max_*tokens`. @default 256 */
  defaultMaxOutputTokens?: number;
  /**
   * Token counter; `loadTokenCounter` gives gpt-tokenizer's when it is installed.
   * @default approximateTokens (UTF-8 bytes / 3, rounded up)
   */
  count?: TokenCounter;
}

/** Chat formatting overhead per message and per reply (OpenAI's published accounting). */
const PER_MESSAGE = 4;
const PER_REPLY = 3;

/**
 * A tokenizer-free, deliberately high estimate: UTF-8 bytes / 3, rounded up. English runs at
 * about 4 bytes a token and most other scripts at 3 bytes or more a token, so the limiter
 * reserves a little too much (a short wait) rather than too little (a server 429).
 */
export const approximateTokens: TokenCounter = (text) => Math.ceil(utf8Length(text) / 3);

/** UTF-8 byte length without encoding the text (this runs for every rate-limited request). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is one code point of 4 bytes.
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
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
