import type { CallContext } from '../pipeline/stage';
import type { ResolvedTarget } from './fallback-target';
import type { KeyLease } from './key-pool';

const TARGET = Symbol('aiclient.resilience.target');
const LEASE = Symbol('aiclient.resilience.lease');
const TRIED = Symbol('aiclient.resilience.tried-keys');

/** The target the call is currently trying (set by the fallback stage). */
export function currentTarget(ctx: CallContext): ResolvedTarget | undefined {
  return ctx.state.get(TARGET) as ResolvedTarget | undefined;
}

/** Records the target the call is trying now; the last one set is the one that served it. */
export function setCurrentTarget(ctx: CallContext, target: ResolvedTarget): void {
  ctx.state.set(TARGET, target);
}

/** The key lease of the attempt in flight, when one was taken. */
export function attemptLease(ctx: CallContext): KeyLease | undefined {
  return ctx.state.get(LEASE) as KeyLease | undefined;
}

/** Sets (or clears) the attempt's key lease. */
export function setAttemptLease(ctx: CallContext, lease: KeyLease | undefined): void {
  if (lease === undefined) ctx.state.delete(LEASE);
  else ctx.state.set(LEASE, lease);
}

/** Fingerprints of the keys this call already tried, so a retry prefers another key. */
export function triedKeys(ctx: CallContext): Set<string> {
  let tried = ctx.state.get(TRIED) as Set<string> | undefined;
  if (tried === undefined) {
    tried = new Set();
    ctx.state.set(TRIED, tried);
  }
  return tried;
}
