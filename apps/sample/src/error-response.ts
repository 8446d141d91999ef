import { AIError, type ErrorCode, redactSecrets } from '@aiclient/errors';

/** JSON body of every error the service returns: a code to branch on, an id to grep logs for. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    errorId: string;
    retryable: boolean;
    requestId?: string;
    issues?: string[];
  };
}

/** An error body with the HTTP status the service answers with and an optional Retry-After. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  retryAfterSeconds?: number;
}

/**
 * HTTP status the service answers with for each aiclient code. The service is a gateway: a
 * problem with the caller's input is a 4xx, a problem upstream (including our own key being
 * rejected, which the caller cannot fix) is a 502/503/504.
 */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  'AI-API-004': 400,
  'AI-API-007': 400,
  'AI-API-008': 422,
  'AI-API-005': 429,
  'AI-API-006': 503,
  'AI-API-010': 504,
  'AI-API-012': 504,
  'AI-API-013': 499,
  'AI-API-014': 503,
  'AI-API-017': 503,
  'AI-API-018': 503,
  'AI-API-001': 502,
  'AI-API-002': 502,
  'AI-API-003': 502,
  'AI-API-009': 502,
  'AI-API-011': 502,
  'AI-API-015': 502,
  'AI-API-016': 502,
};

/** Status for a code; configuration and client-setup problems are the service's own fault. */
export function statusForCode(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/**
 * Builds the response for any thrown value. AIErrors keep their code, errorId and a redacted
 * message; anything else becomes AI-API-099 with a generic message, because a foreign error's
 * message may hold internals. A stack never leaves the process.
 */
export function errorResponse(err: unknown): ErrorResponse {
  const error = AIError.isInstance(err)
    ? err
    : new AIError({ code: 'AI-API-099', message: 'internal error', cause: err });
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: redactSecrets(error.message),
      errorId: error.context.errorId,
      retryable: error.retryable,
    },
  };
  if (error.requestId !== undefined) body.error.requestId = error.requestId;
  const issues = error.context.details?.issues;
  if (Array.isArray(issues))
    body.error.issues = issues.map((issue) => redactSecrets(String(issue)));
  const response: ErrorResponse = { status: statusForCode(error.code), body };
  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  if (typeof retryAfterMs === 'number' && retryAfterMs > 0) {
    response.retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
  }
  return response;
}
