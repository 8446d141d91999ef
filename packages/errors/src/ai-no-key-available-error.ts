import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** Every API key in the pool is cooling down or disabled (`AI-API-018`). */
export class AINoKeyAvailableError extends AIError {
  static override readonly kind: string = 'AINoKeyAvailableError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-018'));
  }
}
