import { type AIError, type ErrorCode, errorForCode } from '@aiclient/errors';
import { APIError } from 'openai';
import { parseRetryAfter } from '../retry/parse-retry-after';

/** Input of {@link classifyApiError}. */
export interface ApiErrorInput {
  /** HTTP status; undefined for an `error` event inside a 200 stream. */
  status: number | undefined;
  headers: Headers;
  /** The `error` object of the body (or the whole body when it has none). */
  error: unknown;
  /** Raw body text when it was not JSON. */
  text?: string | undefined;
  /** Reads retry advice relative to this time. */
  now?: number;
  source?: string;
  /** The SDK's error for this response when it exists already; otherwise one is built. */
  cause?: unknown;
}

function field(value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[name];
  return typeof found === 'string' ? found : undefined;
}

function codeFor(
  status: number | undefined,
  apiCode: string,
  type: string,
  message: string,
): ErrorCode {
  if (apiCode === 'insufficient_quota' || type === 'insufficient_quota') return 'AI-API-006';
  if (apiCode === 'context_length_exceeded' || /maximum context length/i.test(message)) {
    return 'AI-API-007';
  }
  if (apiCode === 'content_filter' || apiCode === 'content_policy_violation') return 'AI-API-008';
  switch (status) {
    case 400:
    case 422:
      return 'AI-API-004';
    case 401:
      return 'AI-API-001';
    case 403:
      return 'AI-API-002';
    case 404:
      return 'AI-API-003';
    case 408:
    case 409:
      return 'AI-API-015';
    case 429:
      return 'AI-API-005';
    case undefined:
      // An error event inside a stream has no status of its own.
      if (apiCode === 'rate_limit_exceeded' || type === 'rate_limit_exceeded') return 'AI-API-005';
      return 'AI-API-009';
    default:
      return status >= 500 ? 'AI-API-009' : 'AI-API-099';
  }
}

/**
 * Translates an API error (an HTTP error response, or an `error` event of a stream) into the
 * toolkit's error family, once, at the boundary. The SDK's own `APIError` for the same
 * response is built with the SDK's public factory and kept as `cause`, so nothing the SDK
 * would have reported is lost. A 429 carries the server's reset time.
 */
export function classifyApiError(input: ApiErrorInput): AIError {
  const { status, headers, error, text, now = Date.now(), source = 'client.transport' } = input;
  const apiCode = field(error, 'code') ?? '';
  const type = field(error, 'type') ?? '';
  const apiMessage = field(error, 'message') ?? text ?? '';
  const code = codeFor(status, apiCode, type, apiMessage);
  const requestId = headers.get('x-request-id') ?? undefined;
  const cause =
    input.cause ??
    (status === undefined
      ? new APIError(undefined, error as object, undefined, headers)
      : APIError.generate(status, error === undefined ? undefined : { error }, text, headers));
  const advice = code === 'AI-API-005' ? parseRetryAfter(headers, now) : undefined;
  const details: Record<string, unknown> = {};
  if (apiCode !== '') details.apiCode = apiCode;
  if (type !== '') details.type = type;
  const param = field(error, 'param');
  if (param !== undefined) details.param = param;
  const label = status === undefined ? 'stream error' : `HTTP ${status}`;
  const message = apiMessage === '' ? label : `${label}: ${apiMessage}`;
  const aiError = errorForCode(code, {
    message,
    cause,
    context: {
      source,
      ...(status === undefined ? {} : { status }),
      ...(requestId === undefined ? {} : { requestId }),
      ...(Object.keys(details).length > 0 ? { details } : {}),
    },
    // The server may veto a retry explicitly; it never turns a 4xx into a retryable one.
    ...(headers.get('x-should-retry') === 'false' ? { retryable: false } : {}),
    ...(advice === undefined ? {} : { resetAt: advice.resetAt, retryAfterMs: advice.waitMs }),
  });
  return aiError;
}
