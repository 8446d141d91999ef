import type { CallContext } from '../pipeline/stage';
import { abortError } from './abort-error';
import type { ResolvedTarget } from './fallback-target';
import type { KeyLease, KeyPool } from './key-pool';
import { attemptLease, currentTarget, setAttemptLease, triedKeys } from './resilience-call-state';

const ORIGINAL_AUTH = Symbol('aiclient.resilience.original-auth');
const AUTH_HEADERS = ['authorization', 'api-key'] as const;

/**
 * The key lease of this attempt: taken once per attempt (by the rate-limit stage, so its bucket
 * is the key's, or else by the key stage) from the current target's pool, preferring keys the
 * call has not tried yet, waiting for a cooling key only while the deadline allows. Returned
 * synchronously when a healthy key is there (the usual case), as a promise when it must wait.
 */
export function acquireAttemptLease(
  ctx: CallContext,
  defaultPool: KeyPool | undefined,
): KeyLease | undefined | Promise<KeyLease | undefined> {
  const existing = attemptLease(ctx);
  if (existing !== undefined) return existing;
  const target = currentTarget(ctx);
  const pool = target === undefined ? defaultPool : target.pool;
  if (pool === undefined || pool.size === 0) return undefined;
  const lease = pool.trySelect(triedKeys(ctx));
  if (lease === undefined) return waitForLease(ctx, pool);
  setAttemptLease(ctx, lease);
  return lease;
}

async function waitForLease(ctx: CallContext, pool: KeyPool): Promise<KeyLease> {
  const signal = ctx.attempt?.signal ?? ctx.signal;
  let lease: KeyLease;
  try {
    lease = await pool.acquire({ exclude: triedKeys(ctx), deadlineAt: ctx.deadlineAt, signal });
  } catch (error) {
    if (signal.aborted) throw abortError(signal, 'client.key-pool');
    throw error;
  }
  setAttemptLease(ctx, lease);
  return lease;
}

/** The request's own auth headers, saved before an attempt at another endpoint changes them. */
function rememberAuth(ctx: CallContext): Map<string, string | null> {
  let saved = ctx.state.get(ORIGINAL_AUTH) as Map<string, string | null> | undefined;
  if (saved === undefined) {
    saved = new Map(AUTH_HEADERS.map((name) => [name, ctx.request.headers.get(name)]));
    ctx.state.set(ORIGINAL_AUTH, saved);
  }
  return saved;
}

/**
 * Puts this attempt's credentials on the request. The client's own endpoint gets the leased key
 * (the transport writes the header). Another endpoint never sees the client's credentials: its
 * own key only, in `api-key` for Azure, or none.
 */
export function applyAttemptCredentials(
  ctx: CallContext,
  target: ResolvedTarget | undefined,
  lease: KeyLease | undefined,
  fingerprint: (key: string) => string,
): void {
  const attempt = ctx.attempt;
  if (attempt === undefined) return;
  const headers = ctx.request.headers;
  if (target?.foreign === true) {
    rememberAuth(ctx);
    for (const name of AUTH_HEADERS) headers.delete(name);
    const key = target.apiKey;
    attempt.keyId = key === undefined ? undefined : fingerprint(key);
    if (target.provider === 'azure' && key !== undefined) {
      headers.set('api-key', key);
      attempt.apiKey = undefined;
    } else {
      attempt.apiKey = key;
    }
  } else {
    // Only an earlier attempt at another endpoint changes the auth headers: restore them then.
    const saved = ctx.state.get(ORIGINAL_AUTH) as Map<string, string | null> | undefined;
    if (saved !== undefined) {
      for (const name of AUTH_HEADERS) {
        const value = saved.get(name);
        if (value === null || value === undefined) headers.delete(name);
        else headers.set(name, value);
      }
    }
    const key = lease?.key ?? target?.apiKey;
    if (key !== undefined) {
      attempt.apiKey = key;
      attempt.keyId = lease?.keyId ?? fingerprint(key);
    }
  }
  if (target !== undefined) attempt.target = target.name;
}
