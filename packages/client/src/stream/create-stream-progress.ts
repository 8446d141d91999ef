import { type AIError, AIMalformedResponseError } from '@aiclient/errors';
import { classifyApiError } from '../errors/classify-api-error';
import type { CallResult } from '../pipeline/stage';
import { readUsage } from './read-usage';
import type { SseBlock } from './sse-scanner';

/** What to do with one SSE block. */
export type BlockVerdict = 'forward' | 'drop' | 'end' | AIError;

/** Options of {@link createStreamProgress}. */
export interface StreamProgressOptions {
  /** Drop the usage-only chat chunk (the pipeline added `include_usage` itself). */
  dropUsageChunk: boolean;
  /** Response headers, for the request id and the cause of an error event. */
  headers: Headers;
  /** Receives id, model, usage and finish reasons as they stream by. */
  result: CallResult;
}

/** Tracks a stream's output; see {@link createStreamProgress}. */
export interface StreamProgress {
  /** Inspects a block with data (comments never reach here). */
  observe(block: SseBlock): BlockVerdict;
  /** Text received so far (content deltas), joined on demand. */
  partialText(): string;
  /** True once the stream's completion marker (`[DONE]` or a terminal event) arrived. */
  readonly completed: boolean;
}

const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Responses events that carry only output (text, items, parts): nothing a call's record needs. */
function isOutputOnlyEvent(type: string): boolean {
  return type.startsWith('response.output_') || type.startsWith('response.content_part.');
}

/**
 * True when `data` has `"key"` with a value other than `null`. A key in quotes can only be a
 * real key (a quote inside a JSON string is escaped), so a miss is certain; a hit in a nested
 * object only costs a full parse.
 */
function hasValue(data: string, key: string): boolean {
  for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, at + key.length)) {
    let index = at + key.length;
    while (data.charCodeAt(index) === 32) index += 1;
    if (data.charCodeAt(index) !== 58) continue; // ':' — the key, not a value equal to it
    index += 1;
    while (data.charCodeAt(index) === 32) index += 1;
    if (!data.startsWith('null', index)) return true;
  }
  return false;
}

/**
 * True when `data` is one complete JSON object as far as its brackets go: it starts with `{`
 * and its braces and brackets (outside strings) close exactly at its end. A cut or truncated
 * event fails this and is parsed, so it is reported; a scan of the text is cheaper than a parse
 * that builds objects only to throw them away.
 */
function isWholeObject(data: string): boolean {
  if (data.charCodeAt(0) !== 123) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < data.length; index += 1) {
    const code = data.charCodeAt(index);
    if (inString) {
      if (code === 92)
        index += 1; // '\\' escapes the next character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) depth += 1;
    else if (code === 125 || code === 93) {
      depth -= 1;
      if (depth === 0) return index === data.length - 1;
    }
  }
  return false;
}

/**
 * Reads the SSE events of a Chat Completions or Responses stream: collects usage, ids and
 * finish reasons; turns `error` events and unparseable data into `AIError`s before the SDK sees
 * them; and decides which blocks reach the caller. The SDK parses every event itself, so an
 * event is parsed here only when it may hold something the call's record needs (ids until
 * known, usage, a finish reason, an error, a lifecycle event of a response); the text deltas
 * are kept as received and parsed only if a stall asks for the partial text. A content event
 * must still be a whole object (see `isWholeObject`), so a cut event is reported here.
 */
export function createStreamProgress(options: StreamProgressOptions): StreamProgress {
  const { dropUsageChunk, headers, result } = options;
  // Text deltas: strings already read, or event data still to parse for its delta.
  const parts: Array<string | { readonly data: string }> = [];
  let completed = false;

  const chatChunk = (chunk: Record<string, unknown>): BlockVerdict => {
    if (typeof chunk.id === 'string' && chunk.id !== '') result.responseId = chunk.id;
    if (typeof chunk.model === 'string' && chunk.model !== '') result.responseModel = chunk.model;
    const usage = readUsage(chunk.usage);
    if (usage !== undefined) result.usage = usage;
    const choices = chunk.choices;
    if (Array.isArray(choices)) {
      for (const choice of choices as Array<Record<string, unknown> | null>) {
        const content = (choice?.delta as { content?: unknown } | undefined)?.content;
        if (typeof content === 'string') parts.push(content);
        const reason = choice?.finish_reason;
        if (typeof reason === 'string') {
          result.finishReasons ??= [];
          result.finishReasons.push(reason);
        }
      }
      if (dropUsageChunk && choices.length === 0 && usage !== undefined) return 'drop';
    }
    return 'forward';
  };

  const responsesEvent = (event: Record<string, unknown>, type: string): BlockVerdict => {
    if (type === 'response.output_text.delta' && typeof event.delta === 'string') {
      parts.push(event.delta);
      return 'forward';
    }
    const response = event.response as Record<string, unknown> | undefined;
    if (response !== undefined && typeof response === 'object' && response !== null) {
      if (typeof response.id === 'string') result.responseId = response.id;
      if (typeof response.model === 'string') result.responseModel = response.model;
      const usage = readUsage(response.usage);
      if (usage !== undefined) result.usage = usage;
    }
    if (TERMINAL_EVENTS.has(type)) {
      completed = true;
      if (typeof response?.status === 'string') result.finishReasons = [response.status];
    }
    return 'forward';
  };

  /** Whether an event can be forwarded unparsed (see the function's description). */
  const skippable = (block: SseBlock, data: string): boolean => {
    if (data.includes('"error"') || !isWholeObject(data)) return false;
    const type = block.event;
    if (type !== undefined) {
      // A Responses stream names its events: only lifecycle events carry the response.
      return isOutputOnlyEvent(type);
    }
    if (!result.responseId || !result.responseModel) return false;
    return !hasValue(data, '"usage"') && !hasValue(data, '"finish_reason"');
  };

  const parse = (block: SseBlock, data: string): BlockVerdict => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (cause) {
      return new AIMalformedResponseError({
        message: 'A stream event is not valid JSON',
        cause,
        context: { source: 'client.stream-guard', ...requestIdOf(headers) },
      });
    }
    if (typeof parsed !== 'object' || parsed === null) return 'forward';
    const event = parsed as Record<string, unknown>;
    const type = typeof event.type === 'string' ? event.type : (block.event ?? '');
    if (
      block.event === 'error' ||
      type === 'error' ||
      (event.error !== undefined && event.error !== null)
    ) {
      return classifyApiError({
        status: undefined,
        headers,
        error: event.error ?? event,
        source: 'client.stream-guard',
      });
    }
    if (type.startsWith('response.')) return responsesEvent(event, type);
    return chatChunk(event);
  };

  return {
    get completed() {
      return completed;
    },
    partialText: () => parts.map(deltaText).join(''),
    observe(block) {
      const data = block.data ?? '';
      if (data === '[DONE]') {
        completed = true;
        return 'end';
      }
      if (skippable(block, data)) {
        if (block.event === undefined || block.event === 'response.output_text.delta') {
          parts.push({ data });
        }
        return 'forward';
      }
      return parse(block, data);
    },
  };
}

/** The text delta of a kept event: chat `choices[].delta.content` or a Responses `delta`. */
function deltaText(part: string | { readonly data: string }): string {
  if (typeof part === 'string') return part;
  try {
    const event = JSON.parse(part.data) as Record<string, unknown>;
    if (typeof event.delta === 'string') return event.delta;
    if (!Array.isArray(event.choices)) return '';
    let text = '';
    for (const choice of event.choices as Array<{ delta?: { content?: unknown } } | null>) {
      const content = choice?.delta?.content;
      if (typeof content === 'string') text += content;
    }
    return text;
  } catch {
    return '';
  }
}

function requestIdOf(headers: Headers): { requestId?: string } {
  const requestId = headers.get('x-request-id');
  return requestId === null ? {} : { requestId };
}
