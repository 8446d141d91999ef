import type { CacheControl, CallControls } from './stage';

/** Prefix of the per-call control headers; they never leave the process. */
export const CONTROL_HEADER_PREFIX = 'x-aiclient-';

// The testkit's per-request fault header is meant for the server, so it passes through.
const PASS_THROUGH_PREFIX = 'x-aiclient-mock-';

function positiveInteger(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? Math.floor(parsed) : undefined;
}

function cacheControl(value: string | undefined): CacheControl {
  return value === 'bypass' || value === 'force' ? value : 'default';
}

/**
 * Reads the `x-aiclient-*` headers a caller passed through the SDK's per-request `headers`
 * option and deletes them from `headers`, so they are never sent upstream.
 */
export function readCallControls(headers: Headers): CallControls {
  const raw = new Map<string, string>();
  for (const [name, value] of headers) {
    if (name.startsWith(CONTROL_HEADER_PREFIX) && !name.startsWith(PASS_THROUGH_PREFIX)) {
      raw.set(name.slice(CONTROL_HEADER_PREFIX.length), value);
    }
  }
  for (const name of raw.keys()) headers.delete(CONTROL_HEADER_PREFIX + name);
  const deadlineMs = positiveInteger(raw.get('deadline-ms'));
  const maxAttempts = positiveInteger(raw.get('max-attempts'));
  return {
    cache: cacheControl(raw.get('cache')),
    raw,
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  };
}
