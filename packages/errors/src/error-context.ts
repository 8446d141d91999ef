import type { ErrorCode } from './error-codes';
import type { ErrorSeverity } from './error-severity';

/** One attempt of a call that may have been retried, key-rotated or sent to a fallback. */
export interface AttemptRecord {
  /** 1-based attempt number. */
  attempt: number;
  /** ISO 8601 UTC time the attempt started. */
  startedAt: string;
  /** How long the attempt took. */
  durationMs: number;
  /** How long the caller waited (backoff, rate limit) before this attempt. */
  waitBeforeMs: number;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Code of the error this attempt ended with. */
  code?: ErrorCode;
  /** Provider request id (`x-request-id`). */
  requestId?: string;
  /** Non-secret fingerprint of the API key used. */
  keyId?: string;
  /** Model requested in this attempt. */
  model?: string;
  /** Endpoint or deployment this attempt went to. */
  target?: string;
}

/** Where and when an error happened, and what was tried. */
export interface ErrorContext {
  /** The function or component that raised it, e.g. `client.getOpenAIClient`. */
  source: string;
  severity: ErrorSeverity;
  /** When the error was created (a `Date`, serialized as ISO 8601 UTC). */
  timestamp: Date;
  /** Random UUID identifying this error instance in logs. */
  errorId: string;
  requestId?: string;
  status?: number;
  /** Every attempt made before giving up. */
  attempts?: readonly AttemptRecord[];
  /** Free-form data; redacted when serialized. */
  details?: Record<string, unknown>;
}
