import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** HTTP 429 `insufficient_quota`: billing quota used up; not retryable (`AI-API-006`). */
export class AIQuotaExceededError extends AIError {
  static override readonly kind: string = 'AIQuotaExceededError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-006', 429));
  }
}
