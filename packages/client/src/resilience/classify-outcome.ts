import { parseRateLimitHeaders, rateLimitResetMs } from './parse-rate-limit-headers';

/**
 * What an upstream result means for the resilience components: the key pool, the breaker and
 * the fallback chain each act on the kind, never on raw status codes.
 */
export type OutcomeKind =
  | 'success'
  | 'rate_limited'
  | 'quota_exhausted'
  | 'unauthorized'
  | 'forbidden'
  | 'context_length'
  | 'content_filter'
  | 'transient'
  | 'client_error'
  | 'aborted'
  | 'local';

/** A classified upstream result. */
export interface Outcome {
  kind: OutcomeKind;
  /** HTTP status when there was a response. */
  status?: number;
  /** How long the server asked to wait (429), in milliseconds. */
  retryAfterMs?: number;
  /** The OpenAI `error.code` or the AIError code that led to the kind. */
  code?: string;
  /** Whether the same request may succeed when tried again (here or on another target). */
  retryable: boolean;
}

const RETRYABLE_KINDS: ReadonlySet<OutcomeKind> = new Set(['rate_limited', 'transient']);

function outcome(kind: OutcomeKind, extra: Omit<Outcome, 'kind' | 'retryable'> = {}): Outcome {
  return { kind, retryable: RETRYABLE_KINDS.has(kind), ...extra };
}

function kindForStatus(status: number, code: string | undefined): OutcomeKind {
  if (status >= 200 && status < 400) return 'success';
  if (code === 'insufficient_quota') return 'quota_exhausted';
  if (code === 'context_length_exceeded') return 'context_length';
  if (code === 'content_filter' || code === 'content_policy_violation') return 'content_filter';
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 408 || status === 409 || status >= 500) return 'transient';
  return 'client_error';
}

/** Reads `error.code` (or `error.type`) from an OpenAI-style error body. */
export function errorCodeFromBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, type } = error as { code?: unknown; type?: unknown };
  if (typeof code === 'string') return code;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Classifies a response. Reads the body of error responses through a clone, so the caller can
 * still hand the original to the SDK.
 */
export async function classifyResponse(
  response: Response,
  now: number = Date.now(),
): Promise<Outcome> {
  if (response.ok) return outcome('success', { status: response.status });
  let code: string | undefined;
  try {
    code = errorCodeFromBody(await response.clone().json());
  } catch {
    // A non-JSON error body (a proxy's HTML page) still classifies by status alone.
  }
  const kind = kindForStatus(response.status, code);
  const result = outcome(kind, { status: response.status });
  if (code !== undefined) result.code = code;
  if (kind === 'rate_limited') {
    const wait = rateLimitResetMs(parseRateLimitHeaders(response.headers, now));
    if (wait !== undefined) result.retryAfterMs = wait;
  }
  return result;
}

const KIND_FOR_AI_CODE: Record<string, OutcomeKind> = {
  'AI-API-001': 'unauthorized',
  'AI-API-002': 'forbidden',
  'AI-API-003': 'client_error',
  'AI-API-004': 'client_error',
  'AI-API-005': 'rate_limited',
  'AI-API-006': 'quota_exhausted',
  'AI-API-007': 'context_length',
  'AI-API-008': 'content_filter',
  'AI-API-009': 'transient',
  'AI-API-010': 'transient',
  'AI-API-011': 'transient',
  'AI-API-012': 'transient',
  'AI-API-013': 'aborted',
  'AI-API-014': 'local',
  'AI-API-015': 'transient',
  'AI-API-016': 'transient',
  'AI-API-017': 'local',
  'AI-API-018': 'local',
};

/**
 * Classifies a thrown error: an AIError by its code (read structurally so two installed copies
 * agree), an abort by name, anything else from `fetch` as a transient network failure.
 */
export function classifyError(error: unknown): Outcome {
  if (typeof error === 'object' && error !== null) {
    const { code, status, retryAfterMs, name } = error as {
      code?: unknown;
      status?: unknown;
      retryAfterMs?: unknown;
      name?: unknown;
    };
    if (typeof code === 'string' && code in KIND_FOR_AI_CODE) {
      const result = outcome(KIND_FOR_AI_CODE[code] ?? 'transient', { code });
      if (typeof status === 'number') result.status = status;
      if (typeof retryAfterMs === 'number') result.retryAfterMs = retryAfterMs;
      return result;
    }
    if (name === 'AbortError') return outcome('aborted');
  }
  return outcome('transient');
}
