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

/** Reads model and usage from a JSON body or from the data lines of an SSE body. */
export function describeBody(
  body: string,
  stream: boolean,
): { model?: string; usage?: CachedUsage } {
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
      return {};
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
   * stream reached its end marker). `usage()` supplies usage the pipeline measured (a stream
   * whose usage chunk was removed before the caller saw it).
   */
  async capture(
    key: string,
    response: Response,
    options: { stream: boolean; usage?: () => CachedUsage | undefined; onStored?: () => void },
  ): Promise<Response> {
    if (!response.ok || response.body === null) return response;
    const contentType =
      response.headers.get('content-type') ??
      (options.stream ? 'text/event-stream' : 'application/json');
    const store = (body: string): void => {
      const described = describeBody(body, options.stream);
      const entry: CachedEntry = {
        v: 1,
        status: response.status,
        contentType,
        stream: options.stream,
        body,
        storedAt: this.#now(),
      };
      const model = described.model;
      const usage = options.usage?.() ?? described.usage;
      if (model !== undefined) entry.model = model;
      if (usage !== undefined) entry.usage = usage;
      void this.set(key, entry).then(() => options.onStored?.());
    };
    if (!options.stream) {
      const body = await response.clone().text();
      try {
        JSON.parse(body);
      } catch {
        // A malformed body is an upstream failure in disguise: never cache it.
        return response;
      }
      store(body);
      return response;
    }
    const decoder = new TextDecoder();
    let text = '';
    let stored = false;
    const storeOnce = (): void => {
      if (stored || !isCompleteStream(text)) return;
      stored = true;
      store(text);
    };
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        text += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
        // The SDK stops reading (cancels) right after the end marker, so store on seeing it.
        storeOnce();
      },
      flush() {
        text += decoder.decode();
        storeOnce();
      },
    });
    return new Response(response.body.pipeThrough(tap), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
}
