import { AIBadRequestError } from './ai-bad-request-error';
import { type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** Input or output blocked by a content filter (`AI-API-008`). */
export class AIContentFilterError extends AIBadRequestError {
  static override readonly kind: string = 'AIContentFilterError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-008', 400));
  }
}
