import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** HTTP 403: the key may not use this model, project or region (`AI-API-002`). */
export class AIPermissionError extends AIError {
  static override readonly kind: string = 'AIPermissionError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-002', 403));
  }
}
