import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** The call or its deadline timed out (`AI-API-010`); retryable. */
export class AITimeoutError extends AIError {
  static override readonly kind: string = 'AITimeoutError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-010'));
  }
}
