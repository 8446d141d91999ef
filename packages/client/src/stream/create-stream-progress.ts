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

/**
 * Reads each SSE event of a Chat Completions or Responses stream once: collects the text
 * deltas (for a stall's partial text), usage, ids and finish reasons; turns `error` events and
 * unparseable data into `AIError`s before the SDK sees them; and decides which blocks reach the
 * caller. Parsing is per event, never over the whole stream so far.
 */
export function createStreamProgress(options: StreamProgressOptions): StreamProgress {
  const { dropUsageChunk, headers, result } = options;
  const parts: string[] = [];
  let completed = false;

  const chatChunk = (chunk: Record<string, unknown>): BlockVerdict => {
    if (typeof chunk.id === 'string') result.responseId = chunk.id;
    if (typeof chunk.model === 'string') result.responseModel = chunk.model;
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

  return {
    get completed() {
      return completed;
    },
    partialText: () => parts.join(''),
    observe(block) {
      const data = block.data ?? '';
      if (data === '[DONE]') {
        completed = true;
        return 'end';
      }
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
    },
  };
}

function requestIdOf(headers: Headers): { requestId?: string } {
  const requestId = headers.get('x-request-id');
  return requestId === null ? {} : { requestId };
}
