import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** HTTP 5xx (`AI-API-009`) or 408/409 (`AI-API-015`) from the server; retryable. */
export class AIServerError extends AIError {
  static override readonly kind: string = 'AIServerError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-009'));
  }
}
