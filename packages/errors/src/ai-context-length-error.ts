import { AIBadRequestError } from './ai-bad-request-error';
import { type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** The prompt plus output budget exceed the model's context window (`AI-API-007`). */
export class AIContextLengthError extends AIBadRequestError {
  static override readonly kind: string = 'AIContextLengthError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-007', 400));
  }
}
