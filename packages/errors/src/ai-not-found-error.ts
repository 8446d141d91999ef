import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** HTTP 404: unknown model, deployment or path (`AI-API-003`). */
export class AINotFoundError extends AIError {
  static override readonly kind: string = 'AINotFoundError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-003', 404));
  }
}
