import { AICircuitOpenError } from '@aiclient/errors';
import type { Stage } from '../pipeline/stage';
import { circuitVerdict } from './circuit-breaker';
import type { CircuitBreakerRegistry } from './circuit-breaker-registry';
import { classifyError } from './classify-outcome';
import { currentTarget } from './resilience-call-state';

/** Dependencies of {@link circuitBreakerStage}. */
export interface CircuitBreakerStageOptions {
  breakers: CircuitBreakerRegistry;
  /** Target name when no fallback stage set one (the client's host). */
  defaultTarget: string;
}

/**
 * Per attempt: fails fast with AICircuitOpenError (`AI-API-014`) while the target's circuit is
 * open (the fallback stage then moves on without waiting), lets probes through when half-open,
 * and feeds every attempt's result to the target's breaker.
 */
export function circuitBreakerStage({
  breakers,
  defaultTarget,
}: CircuitBreakerStageOptions): Stage {
  return {
    name: 'circuit-breaker',
    async handle(ctx, next) {
      const target = currentTarget(ctx)?.name ?? defaultTarget;
      const breaker = breakers.get(target);
      const permit = breaker.tryAcquire();
      if (permit === undefined) {
        const retryAt = breaker.retryAt;
        throw new AICircuitOpenError({
          message: `Circuit open for target ${target}: skipped without calling it.`,
          context: {
            source: 'client.circuit-breaker',
            details: {
              target,
              ...(retryAt === undefined ? {} : { retryAt: new Date(retryAt).toISOString() }),
            },
          },
        });
      }
      try {
        const response = await next(ctx);
        permit.done('success');
        return response;
      } catch (error) {
        permit.done(circuitVerdict(classifyError(error)));
        throw error;
      }
    },
  };
}
