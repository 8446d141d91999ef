/** A cached answer: the JSON after the per-call `id` and `created`, and its token cost. */
export interface CachedChatResponse {
  tail: string;
  tokens: number;
}

/**
 * Remembers the serialized answer to a raw chat request body, minus the per-call `id` and
 * `created`. The answer is a pure function of the body, so a load test repeating one request
 * pays for planning and `JSON.stringify` once; each call then only splices its own id in.
 */
export class ChatResponseCache {
  private readonly entries = new Map<string, CachedChatResponse>();
  private readonly maxEntries: number;

  constructor(maxEntries = 256) {
    this.maxEntries = maxEntries;
  }

  /** The JSON prefix every chat answer starts with; the cache stores what follows it. */
  static prefix(id: string, created: number): string {
    return `{"id":"${id}","object":"chat.completion","created":${created},`;
  }

  get(rawBody: string): CachedChatResponse | undefined {
    return this.entries.get(rawBody);
  }

  /** Stores `json` (which must start with `prefix(id, created)`); ignores anything else. */
  set(rawBody: string, id: string, created: number, json: string, tokens: number): void {
    const prefix = ChatResponseCache.prefix(id, created);
    if (!json.startsWith(prefix)) return;
    // Dropping everything when full is crude but O(1) and enough for repeated load-test bodies.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(rawBody, { tail: json.slice(prefix.length), tokens });
  }

  /** Rebuilds the full answer for a new call. */
  static render(entry: CachedChatResponse, id: string, created: number): string {
    return ChatResponseCache.prefix(id, created) + entry.tail;
  }
}
