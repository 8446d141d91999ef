import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** The circuit breaker is open; the call failed fast (`AI-API-014`). */
export class AICircuitOpenError extends AIError {
  static override readonly kind: string = 'AICircuitOpenError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-014'));
  }
}
