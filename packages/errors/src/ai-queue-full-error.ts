import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** The client-side queue is full and the call was shed (`AI-API-017`). */
export class AIQueueFullError extends AIError {
  static override readonly kind: string = 'AIQueueFullError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-017'));
  }
}
