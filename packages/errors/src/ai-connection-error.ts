import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** The endpoint could not be reached: DNS, refused, reset (`AI-API-011`); retryable. */
export class AIConnectionError extends AIError {
  static override readonly kind: string = 'AIConnectionError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-011'));
  }
}
