import { ErrorSeverity } from './error-severity';

/** What the registry says about one code. */
export interface ErrorCodeInfo {
  /** Short title, used as the default message. */
  readonly title: string;
  /** What happened and what to do about it. */
  readonly meaning: string;
  /** Default severity when the error's context does not set one. */
  readonly severity: ErrorSeverity;
  /** Whether retrying the same request may succeed. */
  readonly retryable: boolean;
}

/**
 * The one registry of every code the toolkit uses. The README's error table is checked
 * against it by a test, so adding a code here means documenting it there.
 */
export const ERROR_CODES = {
  'AI-CLIENT-001': {
    title: 'API key not configured',
    meaning: 'No API key was given in options or OPENAI_API_KEY / OPENAI_API_KEYS.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-CLIENT-002': {
    title: 'API key malformed',
    meaning:
      'The API key does not have the shape of a key OpenAI issues (prefix, length, characters).',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-CLIENT-003': {
    title: 'API key rejected at verification',
    meaning: 'A live verification call (GET /models) did not accept the key.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-CLIENT-004': {
    title: 'Invalid client options',
    meaning: 'Options passed to the client factory are inconsistent or of the wrong type.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-CLIENT-005': {
    title: 'Client creation failed',
    meaning: 'The SDK client could not be constructed; the cause holds the underlying error.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-CONFIG-001': {
    title: 'Invalid configuration',
    meaning: 'One or more settings are invalid; the error lists every issue with its env var.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-CONFIG-002': {
    title: 'Key provider failed',
    meaning: 'The function or store that supplies API keys threw or returned nothing usable.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-API-001': {
    title: 'Authentication failed',
    meaning: 'HTTP 401: the API key is missing, wrong or revoked.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-API-002': {
    title: 'Permission denied',
    meaning: 'HTTP 403: the key is valid but not allowed to use this model, project or region.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-API-003': {
    title: 'Not found',
    meaning: 'HTTP 404: unknown model, deployment or path.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-API-004': {
    title: 'Bad request',
    meaning: 'HTTP 400/422: the request was rejected as invalid; fix the request.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-API-005': {
    title: 'Rate limited',
    meaning: 'HTTP 429: too many requests or tokens per minute; retry after the reset time.',
    severity: ErrorSeverity.WARNING,
    retryable: true,
  },
  'AI-API-006': {
    title: 'Quota exhausted',
    meaning: 'HTTP 429 insufficient_quota: billing quota used up; retrying will not help.',
    severity: ErrorSeverity.CRITICAL,
    retryable: false,
  },
  'AI-API-007': {
    title: 'Context length exceeded',
    meaning: "The prompt plus max output tokens exceed the model's context window.",
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-API-008': {
    title: 'Content filtered',
    meaning: 'The input or output was blocked by a content filter.',
    severity: ErrorSeverity.WARNING,
    retryable: false,
  },
  'AI-API-009': {
    title: 'Server error',
    meaning: 'HTTP 5xx: the provider failed; usually transient.',
    severity: ErrorSeverity.ERROR,
    retryable: true,
  },
  'AI-API-010': {
    title: 'Timeout',
    meaning: 'The call or its deadline timed out before a response arrived.',
    severity: ErrorSeverity.WARNING,
    retryable: true,
  },
  'AI-API-011': {
    title: 'Connection error',
    meaning: 'The endpoint could not be reached (DNS, refused, reset).',
    severity: ErrorSeverity.WARNING,
    retryable: true,
  },
  'AI-API-012': {
    title: 'Stream stalled',
    meaning: 'A stream produced no chunk in time; retryable only before the first chunk.',
    severity: ErrorSeverity.WARNING,
    retryable: true,
  },
  'AI-API-013': {
    title: 'Aborted',
    meaning: 'The caller aborted the request through its AbortSignal.',
    severity: ErrorSeverity.INFO,
    retryable: false,
  },
  'AI-API-014': {
    title: 'Circuit open',
    meaning: 'Recent failures opened the circuit breaker; calls fail fast until it half-opens.',
    severity: ErrorSeverity.WARNING,
    retryable: false,
  },
  'AI-API-015': {
    title: 'Request timeout or conflict',
    meaning: 'HTTP 408/409 from the server; safe to retry.',
    severity: ErrorSeverity.WARNING,
    retryable: true,
  },
  'AI-API-016': {
    title: 'Malformed response',
    meaning: 'The response body or stream could not be parsed.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-API-017': {
    title: 'Queue full',
    meaning: 'The client-side rate-limit queue is full; the call was shed to protect the process.',
    severity: ErrorSeverity.WARNING,
    retryable: false,
  },
  'AI-API-018': {
    title: 'No healthy API key',
    meaning: 'Every key in the pool is cooling down or disabled.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
  'AI-API-099': {
    title: 'Unknown error',
    meaning: 'An error that fits no other code; the cause holds the original.',
    severity: ErrorSeverity.ERROR,
    retryable: false,
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** Every code in {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `value` is a code in the registry. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
