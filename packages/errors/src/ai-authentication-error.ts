import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** HTTP 401: the API key is missing, wrong or revoked (`AI-API-001`). */
export class AIAuthenticationError extends AIError {
  static override readonly kind: string = 'AIAuthenticationError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-001', 401));
  }
}
