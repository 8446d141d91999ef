import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** HTTP 400/422: the request is invalid and retrying it unchanged will not help (`AI-API-004`). */
export class AIBadRequestError extends AIError {
  static override readonly kind: string = 'AIBadRequestError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-004', 400));
  }
}
