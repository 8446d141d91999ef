import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** The response body or stream could not be parsed (`AI-API-016`). */
export class AIMalformedResponseError extends AIError {
  static override readonly kind: string = 'AIMalformedResponseError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-016'));
  }
}
