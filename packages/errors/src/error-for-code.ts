import { AIAbortedError } from './ai-aborted-error';
import { AIAuthenticationError } from './ai-authentication-error';
import { AIBadRequestError } from './ai-bad-request-error';
import { AICircuitOpenError } from './ai-circuit-open-error';
import { AIClientError } from './ai-client-error';
import { AIConfigError, type ConfigIssue } from './ai-config-error';
import { AIConnectionError } from './ai-connection-error';
import { AIContentFilterError } from './ai-content-filter-error';
import { AIContextLengthError } from './ai-context-length-error';
import { AIError, type AIErrorOptions } from './ai-error';
import { AIMalformedResponseError } from './ai-malformed-response-error';
import { AINoKeyAvailableError } from './ai-no-key-available-error';
import { AINotFoundError } from './ai-not-found-error';
import { AIPermissionError } from './ai-permission-error';
import { AIQueueFullError } from './ai-queue-full-error';
import { AIQuotaExceededError } from './ai-quota-exceeded-error';
import { AIRateLimitError } from './ai-rate-limit-error';
import { AIServerError } from './ai-server-error';
import { AIStreamStalledError, type StreamStallPhase } from './ai-stream-stalled-error';
import { AITimeoutError } from './ai-timeout-error';
import type { ErrorCode } from './error-codes';

/** Options of {@link errorForCode}: the base options plus any subclass field. */
export type ErrorForCodeOptions = Omit<AIErrorOptions, 'code'> & Record<string, unknown>;

/**
 * Builds the subclass that owns `code` (e.g. `AI-API-005` -> `AIRateLimitError`), passing
 * subclass fields (`issues`, `resetAt`, `retryAfterMs`, `partialText`, `usage`, `phase`) through
 * when they have the right type. Codes without a dedicated class (`AI-API-099`) give `AIError`.
 */
export function errorForCode(code: ErrorCode, options: ErrorForCodeOptions): AIError {
  const base = pickBase(options);
  switch (code) {
    case 'AI-CLIENT-001':
    case 'AI-CLIENT-002':
    case 'AI-CLIENT-003':
    case 'AI-CLIENT-004':
    case 'AI-CLIENT-005':
      return new AIClientError({ ...base, code });
    case 'AI-CONFIG-001':
    case 'AI-CONFIG-002':
      return new AIConfigError({
        ...base,
        code,
        ...(Array.isArray(options.issues) ? { issues: options.issues as ConfigIssue[] } : {}),
      });
    case 'AI-API-001':
      return new AIAuthenticationError({ ...base, code });
    case 'AI-API-002':
      return new AIPermissionError({ ...base, code });
    case 'AI-API-003':
      return new AINotFoundError({ ...base, code });
    case 'AI-API-004':
      return new AIBadRequestError({ ...base, code });
    case 'AI-API-005':
      return new AIRateLimitError({
        ...base,
        code,
        ...(options.resetAt instanceof Date ? { resetAt: options.resetAt } : {}),
        ...(typeof options.retryAfterMs === 'number' ? { retryAfterMs: options.retryAfterMs } : {}),
      });
    case 'AI-API-006':
      return new AIQuotaExceededError({ ...base, code });
    case 'AI-API-007':
      return new AIContextLengthError({ ...base, code });
    case 'AI-API-008':
      return new AIContentFilterError({ ...base, code });
    case 'AI-API-009':
    case 'AI-API-015':
      return new AIServerError({ ...base, code });
    case 'AI-API-010':
      return new AITimeoutError({ ...base, code });
    case 'AI-API-011':
      return new AIConnectionError({ ...base, code });
    case 'AI-API-012': {
      const partialText = typeof options.partialText === 'string' ? options.partialText : '';
      const phase = isPhase(options.phase)
        ? options.phase
        : partialText === ''
          ? 'first_chunk'
          : 'idle';
      const usage = options.usage;
      return new AIStreamStalledError({
        ...base,
        code,
        partialText,
        phase,
        ...(typeof usage === 'object' && usage !== null
          ? { usage: usage as { inputTokens?: number; outputTokens?: number } }
          : {}),
      });
    }
    case 'AI-API-013':
      return new AIAbortedError({ ...base, code });
    case 'AI-API-014':
      return new AICircuitOpenError({ ...base, code });
    case 'AI-API-016':
      return new AIMalformedResponseError({ ...base, code });
    case 'AI-API-017':
      return new AIQueueFullError({ ...base, code });
    case 'AI-API-018':
      return new AINoKeyAvailableError({ ...base, code });
    default:
      return new AIError({ ...base, code });
  }
}

function pickBase(options: ErrorForCodeOptions): Omit<AIErrorOptions, 'code'> {
  const base: Omit<AIErrorOptions, 'code'> = { message: String(options.message) };
  if (options.context !== undefined) base.context = options.context;
  if (options.cause !== undefined) base.cause = options.cause;
  if (typeof options.retryable === 'boolean') base.retryable = options.retryable;
  return base;
}

function isPhase(value: unknown): value is StreamStallPhase {
  return value === 'first_chunk' || value === 'idle' || value === 'total';
}
