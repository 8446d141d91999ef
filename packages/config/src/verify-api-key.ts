import { AIAbortedError, redactSecrets } from '@aiclient/errors';
import { maskApiKey } from './mask-api-key';

/** Outcome of a live key check. */
export interface KeyVerification {
  status:
    | 'valid'
    | 'invalid'
    | 'forbidden'
    | 'rate_limited'
    | 'quota_exhausted'
    | 'unreachable'
    | 'error';
  /** HTTP status, when a response arrived. */
  httpStatus?: number;
  /** Provider request id (`x-request-id`), when sent. */
  requestId?: string;
  /** Human-readable explanation; never contains the key. */
  message: string;
}

/** Options of {@link verifyApiKey}. */
export interface VerifyApiKeyOptions {
  /**
   * API base URL; `GET {baseURL}/models` is called.
   * @default 'https://api.openai.com/v1'
   */
  baseURL?: string;
  /** Fetch implementation (tests, proxies). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Aborting it rejects with `AIAbortedError` (`AI-API-013`). */
  signal?: AbortSignal;
  /**
   * Give up after this long and report `unreachable`.
   * @default 10000
   */
  timeoutMs?: number;
}

/**
 * Checks a key live with the cheapest authenticated call, `GET /models`, and reports the
 * outcome as a typed result: `valid` (2xx), `invalid` (401), `forbidden` (403),
 * `quota_exhausted` (429 `insufficient_quota`), `rate_limited` (other 429), `unreachable`
 * (network failure or timeout), `error` (anything else). It never throws for a bad key or a
 * failing server (only when `signal` aborts) and never logs or returns the key.
 */
export async function verifyApiKey(
  key: string,
  {
    baseURL = 'https://api.openai.com/v1',
    fetch = globalThis.fetch,
    signal,
    timeoutMs = 10_000,
  }: VerifyApiKeyOptions = {},
): Promise<KeyVerification> {
  const masked = maskApiKey(key);
  // fetch would throw a TypeError that looks like a network failure: report the key instead.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: header values cannot carry them
  if (key === '' || /[\s\u0000-\u001f\u007f]/.test(key) || /[^\u0020-\u00ff]/.test(key)) {
    return {
      status: 'invalid',
      message: 'API key is empty or has characters an HTTP header cannot carry',
    };
  }
  signal?.throwIfAborted();
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  const url = `${baseURL.replace(/\/+$/, '')}/models`;
  let response: Response;
  let bodyText: string;
  try {
    response = await fetch(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      signal: combined,
    });
    bodyText = await response.text();
  } catch (err) {
    if (signal?.aborted === true) {
      throw new AIAbortedError({
        message: 'API key verification aborted by the caller',
        context: { source: 'config.verifyApiKey' },
        cause: err,
      });
    }
    if (timeout.aborted) {
      return { status: 'unreachable', message: `No response from ${url} within ${timeoutMs} ms` };
    }
    return {
      status: 'unreachable',
      message: clean(`Could not reach ${url}: ${describeNetworkError(err)}`, key),
    };
  }

  const httpStatus = response.status;
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const base = requestId === undefined ? { httpStatus } : { httpStatus, requestId };
  const apiError = parseApiError(bodyText);
  const detail = apiError.message === undefined ? '' : `: ${clean(apiError.message, key)}`;
  if (response.ok) return { ...base, status: 'valid', message: `Key ${masked} is valid` };
  if (httpStatus === 401) {
    return { ...base, status: 'invalid', message: `Key ${masked} was rejected (401)${detail}` };
  }
  if (httpStatus === 403) {
    return {
      ...base,
      status: 'forbidden',
      message: `Key ${masked} is not allowed here (403)${detail}`,
    };
  }
  if (httpStatus === 429) {
    if (apiError.code === 'insufficient_quota' || apiError.type === 'insufficient_quota') {
      return {
        ...base,
        status: 'quota_exhausted',
        message: `Quota of key ${masked} is exhausted (429)${detail}`,
      };
    }
    return {
      ...base,
      status: 'rate_limited',
      message: `Key ${masked} is rate limited (429)${detail}`,
    };
  }
  return {
    ...base,
    status: 'error',
    message: `Unexpected HTTP ${httpStatus} from ${url}${detail}`,
  };
}

interface ApiErrorBody {
  message?: string;
  code?: string;
  type?: string;
}

function parseApiError(text: string): ApiErrorBody {
  try {
    const parsed: unknown = JSON.parse(text);
    const error = (parsed as { error?: unknown } | null)?.error;
    if (typeof error !== 'object' || error === null) return {};
    const { message, code, type } = error as Record<string, unknown>;
    const out: ApiErrorBody = {};
    if (typeof message === 'string') out.message = message;
    if (typeof code === 'string') out.code = code;
    if (typeof type === 'string') out.type = type;
    return out;
  } catch {
    return {};
  }
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Server messages may echo part of the key: drop the key and anything key-shaped, keep it short. */
function clean(text: string, key: string): string {
  const withoutKey = key.length > 0 ? text.split(key).join('[REDACTED]') : text;
  return redactSecrets(withoutKey).slice(0, 300);
}
