import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** The caller aborted the call through its `AbortSignal` (`AI-API-013`). */
export class AIAbortedError extends AIError {
  static override readonly kind: string = 'AIAbortedError';

  constructor(options: AIErrorSubclassOptions) {
    super(withDefaults(options, 'AI-API-013'));
  }
}
