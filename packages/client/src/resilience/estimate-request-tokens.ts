/** Counts the tokens of a text. */
export type TokenCounter = (text: string) => number;

/** Options of {@link estimateRequestTokens}. */
export interface EstimateOptions {
  /** Output budget assumed when the request sets no `max_*tokens`. @default 256 */
  defaultMaxOutputTokens?: number;
  /**
   * Token counter of the prompt text (`loadTokenCounter` gives gpt-tokenizer's when it is
   * installed). @default none: characters / 4, see {@link estimateRequestTokens}
   */
  count?: TokenCounter;
}

/** Chat formatting overhead per message and per reply (OpenAI's published accounting). */
const PER_MESSAGE = 4;
const PER_REPLY = 3;

/** Characters a token, as OpenAI's own rate limiter estimates a request before running it. */
const CHARS_PER_TOKEN = 4;

/**
 * A tokenizer-free, deliberately high estimate: UTF-8 bytes / 3, rounded up. English runs at
 * about 4 bytes a token and most other scripts at 3 bytes or more a token, so the limiter
 * reserves a little too much (a short wait) rather than too little (a server 429).
 */
export const approximateTokens: TokenCounter = (text) => Math.ceil(utf8Length(text) / 3);

/** UTF-8 byte length without encoding the text (it may run for every rate-limited request). */
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

/** The length of what {@link textOf} returns, without building the text. */
function charsOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let chars = 0;
    for (const item of value) chars += charsOf(item) + 1;
    return chars;
  }
  if (typeof value === 'object' && value !== null) {
    const part = value as Record<string, unknown>;
    return (
      charsOf(part.text) +
      charsOf(part.content) +
      charsOf(part.arguments) +
      charsOf(part.input) +
      charsOf(part.output)
    );
  }
  return 0;
}

/**
 * The length of `JSON.stringify(value)` (tools, tool calls) without building it; exact unless
 * strings need escapes.
 */
function jsonChars(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (Array.isArray(value)) {
    let chars = 1 + value.length;
    for (const item of value) chars += item === undefined ? 4 : jsonChars(item);
    return Math.max(2, chars);
  }
  if (typeof value === 'object' && value !== null) {
    let chars = 1;
    let fields = 0;
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function') continue;
      chars += key.length + 3 + jsonChars(item);
      fields++;
    }
    return chars + Math.max(1, fields);
  }
  return 4;
}

function outputBudget(body: Readonly<Record<string, unknown>>, fallback: number): number {
  const limit = body.max_completion_tokens ?? body.max_tokens ?? body.max_output_tokens;
  const perChoice = typeof limit === 'number' && limit >= 0 ? limit : fallback;
  const n = typeof body.n === 'number' && body.n > 1 ? body.n : 1;
  return perChoice * n;
}

function isEmbeddingLike(body: Readonly<Record<string, unknown>>): boolean {
  const isEmbedding =
    body.messages === undefined && body.prompt === undefined && 'encoding_format' in body;
  return isEmbedding || (typeof body.model === 'string' && body.model.includes('embedding'));
}

const PROMPT_FIELDS = ['input', 'instructions', 'prompt'] as const;

/** Prompt tokens counted with `count` over the prompt's text. */
function countedPrompt(body: Readonly<Record<string, unknown>>, count: TokenCounter): number {
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
  for (const field of PROMPT_FIELDS) {
    if (body[field] !== undefined) prompt += count(textOf(body[field]));
  }
  if (body.tools !== undefined) prompt += count(JSON.stringify(body.tools));
  return prompt;
}

/** Prompt tokens as characters / 4: string lengths only, no text is built or scanned. */
function characterPrompt(body: Readonly<Record<string, unknown>>): number {
  let overhead = 0;
  let chars = 0;
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) {
      overhead += PER_MESSAGE;
      chars += charsOf(message);
      if (typeof message === 'object' && message !== null && 'tool_calls' in message) {
        chars += jsonChars((message as { tool_calls: unknown }).tool_calls);
      }
    }
    overhead += PER_REPLY;
  }
  for (const field of PROMPT_FIELDS) chars += charsOf(body[field]);
  if (body.tools !== undefined) chars += jsonChars(body.tools);
  return overhead + Math.ceil(chars / CHARS_PER_TOKEN);
}

/**
 * Estimates what a request will cost against a tokens-per-minute limit before it is sent:
 * prompt tokens (chat messages, Responses `input`/`instructions`, completions `prompt`,
 * embeddings `input`, tools) plus the requested output budget. Embeddings produce no output.
 *
 * Without `count`, the prompt is its characters / 4 plus the per-message overhead: the estimate
 * OpenAI's rate limiter itself makes from a request's character count, so the reservation
 * matches the server's accounting, and it costs string lengths only (no tokenizer, nothing that
 * grows with the prompt's size). The real usage reconciles it after the call either way.
 */
export function estimateRequestTokens(
  body: Readonly<Record<string, unknown>> | undefined,
  { defaultMaxOutputTokens = 256, count }: EstimateOptions = {},
): number {
  if (body === undefined) return 0;
  const prompt = count === undefined ? characterPrompt(body) : countedPrompt(body, count);
  return prompt + (isEmbeddingLike(body) ? 0 : outputBudget(body, defaultMaxOutputTokens));
}
