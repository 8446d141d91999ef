import { AIError, type AIErrorOptions } from './ai-error';
import type { ErrorCode } from './error-codes';

/** Codes of client creation and setup failures. */
export type ClientErrorCode = Extract<ErrorCode, `AI-CLIENT-${string}`>;

/** Options of {@link AIClientError}: the code is required and is an `AI-CLIENT-*` code. */
export type AIClientErrorOptions = Omit<AIErrorOptions, 'code'> & { code: ClientErrorCode };

/**
 * Client creation failed: no key, a malformed or rejected key, invalid options
 * (`AI-CLIENT-*`).
 *
 * @example
 * new AIClientError({
 *   message: 'OpenAI API key not configured',
 *   code: 'AI-CLIENT-001',
 *   context: { source: 'client.getOpenAIClient', severity: ErrorSeverity.ERROR },
 * });
 */
export class AIClientError extends AIError {
  static override readonly kind: string = 'AIClientError';

  constructor(options: AIClientErrorOptions) {
    super(options);
  }
}
