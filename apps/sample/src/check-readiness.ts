import type { KeyVerification } from '@aiclient/config';
import { redactSecrets } from '@aiclient/errors';

/** One line of the readiness report. */
export interface ReadinessCheck {
  name: 'config' | 'key' | 'upstream' | 'draining';
  ok: boolean;
  detail: string;
}

/** Body of `GET /readyz`. */
export interface ReadinessReport {
  ready: boolean;
  checks: ReadinessCheck[];
}

/** Options of {@link createReadinessCheck}. */
export interface ReadinessOptions {
  /** Why the configuration is invalid; undefined when it loaded. */
  configProblem?: string;
  /** Verifies the configured key against the upstream (a cheap `GET /models`). */
  verifyKey?: () => Promise<KeyVerification>;
  /** Whether the upstream is expected to need no key (a local compatible server). */
  keyOptional?: boolean;
  /** True once shutdown began: the load balancer should stop sending traffic. */
  isDraining?: () => boolean;
  /**
   * How long a verification result is reused, so probes do not hammer the upstream.
   * @default 15000
   */
  cacheMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

const KEY_OK = new Set<KeyVerification['status']>(['valid', 'rate_limited']);
const UPSTREAM_DOWN = new Set<KeyVerification['status']>(['unreachable', 'error']);

/**
 * Builds the `/readyz` computation: configuration valid, key verified, upstream reachable,
 * not draining. Verification results are cached for `cacheMs`; concurrent probes share one call.
 */
export function createReadinessCheck({
  configProblem,
  verifyKey,
  keyOptional = false,
  isDraining = () => false,
  cacheMs = 15_000,
  now = Date.now,
}: ReadinessOptions): () => Promise<ReadinessReport> {
  let cached: { at: number; result: Promise<KeyVerification> } | undefined;

  const verification = (): Promise<KeyVerification> | undefined => {
    if (verifyKey === undefined) return undefined;
    if (cached === undefined || now() - cached.at >= cacheMs) {
      const result = verifyKey().catch(
        (): KeyVerification => ({ status: 'error', message: 'key verification failed' }),
      );
      cached = { at: now(), result };
    }
    return cached.result;
  };

  return async () => {
    const checks: ReadinessCheck[] = [];
    checks.push(
      configProblem === undefined
        ? { name: 'config', ok: true, detail: 'configuration valid' }
        : { name: 'config', ok: false, detail: configProblem },
    );
    const pending = configProblem === undefined ? verification() : undefined;
    if (pending === undefined) {
      const detail = keyOptional ? 'no key required' : 'not verified';
      checks.push({ name: 'key', ok: keyOptional && configProblem === undefined, detail });
      checks.push({ name: 'upstream', ok: keyOptional && configProblem === undefined, detail });
    } else {
      const result = await pending;
      const upstreamOk = !UPSTREAM_DOWN.has(result.status);
      checks.push({
        name: 'key',
        ok: KEY_OK.has(result.status),
        detail: upstreamOk ? `${result.status}: ${redactSecrets(result.message)}` : 'not verified',
      });
      checks.push({
        name: 'upstream',
        ok: upstreamOk,
        detail: upstreamOk ? 'reachable' : `${result.status}: ${redactSecrets(result.message)}`,
      });
    }
    const draining = isDraining();
    checks.push({
      name: 'draining',
      ok: !draining,
      detail: draining ? 'shutting down' : 'serving',
    });
    return { ready: checks.every((check) => check.ok), checks };
  };
}
