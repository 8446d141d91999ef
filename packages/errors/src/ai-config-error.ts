import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';
import type { ErrorCode } from './error-codes';
import { redactSecrets } from './redact-secrets';

/** One problem found in the configuration. */
export interface ConfigIssue {
  /** Option path, e.g. `timeoutMs` or `apiKeys[1]`. */
  path: string;
  /** Environment variable the option is read from, when it has one. */
  envVar?: string;
  /** What is wrong; never contains a secret's value. */
  message: string;
  /**
   * A more specific code for this issue, when one exists (e.g. `AI-CLIENT-001` for a missing
   * key, `AI-CLIENT-002` for a malformed one), so callers can re-raise it precisely.
   */
  code?: ErrorCode;
}

/** Options of {@link AIConfigError}. */
export type AIConfigErrorOptions = AIErrorSubclassOptions & { issues?: readonly ConfigIssue[] };

/**
 * The configuration is invalid (`AI-CONFIG-001`, every issue listed in `issues`) or the key
 * provider failed (`AI-CONFIG-002`).
 */
export class AIConfigError extends AIError {
  static override readonly kind: string = 'AIConfigError';

  /** Every issue found, in the order checked. */
  readonly issues: readonly ConfigIssue[];

  constructor(options: AIConfigErrorOptions) {
    const { issues = [], ...rest } = options;
    super(withDefaults(rest, 'AI-CONFIG-001'));
    // Issue messages are written by callers too: redact them like the error message.
    this.issues = issues.map((issue) => ({ ...issue, message: redactSecrets(issue.message) }));
  }
}
