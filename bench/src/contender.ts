/** What every contender gets: the same server, key and model. */
export interface ContenderContext {
  /** Base URL of the OpenAI-compatible server, ending in `/v1`. */
  readonly baseURL: string;
  /** API keys the server accepts; contenders without a key pool use the first. */
  readonly apiKeys: readonly [string, ...string[]];
  readonly model: string;
  /** Redis URL for contenders that can share state through Redis. */
  readonly redisUrl?: string;
}

/**
 * One client under test. Each method performs one complete call (the whole response read and
 * parsed, every stream chunk consumed) and rejects when the call fails.
 */
export interface Contender {
  /** A plain, non-streamed chat completion. */
  chat(index: number): Promise<void>;
  /** A streamed chat completion, consumed to the end. */
  stream(index: number): Promise<void>;
  /** A non-streamed chat completion with a ~100 KB prompt. */
  large(index: number): Promise<void>;
  /** Releases what the contender holds (telemetry providers, Redis connections...). */
  close?(): Promise<void>;
}

/** Builds a contender; loaded lazily so a worker process imports only the client it measures. */
export type ContenderFactory = (context: ContenderContext) => Promise<Contender>;
