import { pipelineResponse } from '../pipeline/pipeline-response';
import type { StateStore } from './state-store';

/** Token usage stored with an entry, so a hit can report the cost it saved. */
export interface CachedUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
}

/** A stored response: the body exactly as the caller received it, and no request header. */
export interface CachedEntry {
  v: 1;
  status: number;
  contentType: string;
  /** True for an SSE body, replayed as a stream. */
  stream: boolean;
  body: string;
  model?: string;
  usage?: CachedUsage;
  storedAt: number;
}

/** Options of {@link ResponseCache}. */
export interface ResponseCacheOptions {
  /** How long an entry lives. @default 300000 (env AICLIENT_CACHE_TTL_MS) */
  ttlMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** Header added to every response served from the cache. */
export const CACHE_HIT_HEADER = 'x-aiclient-cache';

const STREAM_END_MARKERS = [
  'data: [DONE]',
  'event: response.completed',
  '"type":"response.completed"',
];

/** Characters of earlier text a marker may start in when a chunk ends it. */
const MARKER_OVERLAP = Math.max(...STREAM_END_MARKERS.map((marker) => marker.length)) - 1;

/** Options of {@link ResponseCache.capture}. */
export interface CaptureOptions {
  /** True for an SSE body. */
  stream: boolean;
  /** Usage the pipeline measured (a stream whose usage chunk the caller never saw). */
  usage?: () => CachedUsage | undefined;
  /**
   * The response model the pipeline already read from this body (its classifier parsed a JSON
   * body; its stream guard read the events). When there is one, the body is stored with it and
   * `usage()` without being parsed again; otherwise it is parsed here.
   */
  model?: () => string | undefined;
  /** Called once the entry is written. */
  onStored?: () => void;
}

function usageFrom(value: unknown): CachedUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const u = value as Record<string, unknown>;
  const input = u.prompt_tokens ?? u.input_tokens;
  const output = u.completion_tokens ?? u.output_tokens;
  const details = (u.prompt_tokens_details ?? u.input_tokens_details) as
    | Record<string, unknown>
    | undefined;
  const usage: CachedUsage = {};
  if (typeof input === 'number') usage.inputTokens = input;
  if (typeof output === 'number') usage.outputTokens = output;
  if (typeof details?.cached_tokens === 'number') usage.cachedTokens = details.cached_tokens;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/**
 * Reads model and usage from a JSON body or from the data lines of an SSE body; `undefined` for
 * a JSON body that does not parse.
 */
export function describeBody(
  body: string,
  stream: boolean,
): { model?: string; usage?: CachedUsage } | undefined {
  const documents: unknown[] = [];
  if (stream) {
    for (const line of body.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '' || data === '[DONE]') continue;
      try {
        documents.push(JSON.parse(data));
      } catch {
        // A non-JSON data line carries neither model nor usage.
      }
    }
  } else {
    try {
      documents.push(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  const found: { model?: string; usage?: CachedUsage } = {};
  for (const doc of documents) {
    if (typeof doc !== 'object' || doc === null) continue;
    // Responses API events nest the response object.
    const d = ((doc as { response?: unknown }).response ?? doc) as Record<string, unknown>;
    if (typeof d.model === 'string') found.model = d.model;
    const usage = usageFrom(d.usage);
    if (usage !== undefined) found.usage = usage;
  }
  return found;
}

/** True when an SSE body ran to its end marker (a cut stream must not be cached). */
export function isCompleteStream(body: string): boolean {
  return STREAM_END_MARKERS.some((marker) => body.includes(marker));
}

/** Splits an SSE body into its events, so a replay arrives as a stream of chunks. */
function sseEvents(body: string): string[] {
  return body.split(/(?<=\n\n)/).filter((event) => event.length > 0);
}

/**
 * Exact-match response cache over a {@link StateStore} (an LRU in memory, or Redis). Stores only
 * complete 2xx bodies, never errors; replays streamed entries as an SSE stream the SDK parses
 * like a live one.
 */
export class ResponseCache {
  readonly #store: StateStore;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(store: StateStore, { ttlMs = 300_000, now = Date.now }: ResponseCacheOptions = {}) {
    this.#store = store;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** The entry under `key`, or undefined (also when the stored value is unreadable). */
  async get(key: string): Promise<CachedEntry | undefined> {
    let raw: string | undefined;
    try {
      raw = await this.#store.cacheGet(key);
    } catch {
      return undefined;
    }
    if (raw === undefined) return undefined;
    try {
      const entry = JSON.parse(raw) as CachedEntry;
      if (entry.v !== 1 || typeof entry.body !== 'string') return undefined;
      if (this.#now() - entry.storedAt > this.#ttlMs) return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }

  /** Stores an entry (best effort: a failing store only costs the next hit). */
  async set(key: string, entry: CachedEntry): Promise<void> {
    await this.#store.cacheSet(key, JSON.stringify(entry), this.#ttlMs).catch(() => undefined);
  }

  /** A fresh Response replaying `entry`; SSE bodies arrive event by event. */
  toResponse(entry: CachedEntry): Response {
    const headers = { 'content-type': entry.contentType, [CACHE_HIT_HEADER]: 'hit' };
    if (!entry.stream) return new Response(entry.body, { status: entry.status, headers });
    const encoder = new TextEncoder();
    const events = sseEvents(entry.body);
    let index = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const event = events[index++];
        if (event === undefined) controller.close();
        else controller.enqueue(encoder.encode(event));
      },
    });
    return new Response(body, { status: entry.status, headers });
  }

  /**
   * Hands back a response equivalent to `response` and stores its body under `key` once it is
   * complete: at once for a buffered JSON body, at the end of the stream for SSE (only when the
   * stream reached its end marker). The body is read once and handed on as read (no clone, no
   * second body stream); a stream is observed chunk by chunk as the caller reads it.
   */
  async capture(key: string, response: Response, options: CaptureOptions): Promise<Response> {
    if (!response.ok) return response;
    const contentType =
      response.headers.get('content-type') ??
      (options.stream ? 'text/event-stream' : 'application/json');
    if (!options.stream) {
      // Only JSON is stored: anything else (audio, files) goes on untouched, never read as text.
      if (!contentType.includes('json')) return response;
      const body = await response.text();
      if (body !== '') this.#keep(key, body, contentType, response.status, options);
      return pipelineResponse({ text: body }, response);
    }
    const source = response.body;
    if (source === null) return response;
    const reader = source.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let tail = '';
    let stored = false;
    const observe = (piece: string): void => {
      if (stored) return;
      text += piece;
      // Only the new text (and the few characters before it) can complete a marker: no rescan.
      const window = tail + piece;
      tail = window.slice(-MARKER_OVERLAP);
      if (!isCompleteStream(window)) return;
      stored = true;
      // The SDK stops reading (cancels) right after the end marker, so store on seeing it.
      this.#keep(key, text, contentType, response.status, options);
    };
    const tapped = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          let read: Awaited<ReturnType<typeof reader.read>>;
          try {
            read = await reader.read();
          } catch (error) {
            controller.error(error);
            return;
          }
          if (read.done) {
            observe(decoder.decode());
            controller.close();
            return;
          }
          observe(decoder.decode(read.value, { stream: true }));
          controller.enqueue(read.value);
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return pipelineResponse({ stream: tapped }, response);
  }

  /** Stores a complete 2xx body (never a malformed JSON one) with its model and usage. */
  #keep(
    key: string,
    body: string,
    contentType: string,
    status: number,
    options: CaptureOptions,
  ): void {
    const known = options.model?.();
    let model: string | undefined;
    let usage: CachedUsage | undefined;
    if (known !== undefined) {
      model = known;
      usage = options.usage?.();
    } else {
      const described = describeBody(body, options.stream);
      // A malformed body is an upstream failure in disguise: never cache it.
      if (described === undefined) return;
      model = described.model;
      usage = options.usage?.() ?? described.usage;
    }
    const entry: CachedEntry = {
      v: 1,
      status,
      contentType,
      stream: options.stream,
      body,
      storedAt: this.#now(),
    };
    if (model !== undefined) entry.model = model;
    if (usage !== undefined) entry.usage = usage;
    const writing = this.set(key, entry);
    const { onStored } = options;
    if (onStored !== undefined) void writing.then(onStored);
  }
}
