import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** Options of {@link AIRateLimitError}. */
export type AIRateLimitErrorOptions = AIErrorSubclassOptions & {
  /** When the limit resets (from `x-ratelimit-reset-*`), when known. */
  resetAt?: Date;
  /** Server-advised wait (from `retry-after` / `retry-after-ms`), when known. */
  retryAfterMs?: number;
};

/** HTTP 429: too many requests or tokens; retryable after a wait (`AI-API-005`). */
export class AIRateLimitError extends AIError {
  static override readonly kind: string = 'AIRateLimitError';

  declare readonly resetAt?: Date;
  declare readonly retryAfterMs?: number;

  constructor(options: AIRateLimitErrorOptions) {
    const { resetAt, retryAfterMs, ...rest } = options;
    super(withDefaults(rest, 'AI-API-005', 429));
    if (resetAt !== undefined) this.resetAt = resetAt;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}
