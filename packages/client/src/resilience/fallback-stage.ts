import { AICircuitOpenError, AIError } from '@aiclient/errors';
import type { CallContext, Stage } from '../pipeline/stage';
import type { CircuitBreakerRegistry } from './circuit-breaker-registry';
import { classifyError, type Outcome } from './classify-outcome';
import {
  type FallbackTarget,
  type ResolvedTarget,
  resolveTarget,
  withModel,
} from './fallback-target';
import type { KeyPool } from './key-pool';
import { setCurrentTarget } from './resilience-call-state';

/** Dependencies of {@link fallbackStage}. */
export interface FallbackStageOptions {
  /** Ordered fallback targets after the primary. */
  fallbacks: readonly FallbackTarget[];
  /** The client's key pool (used by targets on the client's endpoint without a key). */
  pool: KeyPool | undefined;
  /** Breakers, to skip an open target without waiting. */
  breakers: CircuitBreakerRegistry | undefined;
  /** Context window of the primary model, to choose a larger target on context overflow. */
  primaryContextWindow?: number;
  /** Counts each move to the next target (`aiclient.fallbacks`). */
  onFallback?: (attributes: Record<string, string>) => void;
}

/** Span attribute naming the target that served the call. */
export const TARGET_ATTRIBUTE = 'aiclient.target';

const FALLBACK_KINDS: ReadonlySet<Outcome['kind']> = new Set([
  'transient',
  'rate_limited',
  'quota_exhausted',
  'context_length',
  'local',
]);

interface OriginalRequest {
  url: string;
  body: CallContext['request']['body'];
  json: CallContext['request']['json'];
  model: string | undefined;
}

function apply(ctx: CallContext, target: ResolvedTarget, original: OriginalRequest): void {
  ctx.request.url = target.url;
  ctx.model = target.model;
  if (target.model === original.model || target.model === undefined) {
    ctx.request.body = original.body;
    ctx.request.json = original.json;
  } else if (typeof original.body === 'string' && original.json !== undefined) {
    ctx.request.body = withModel(original.body, target.model);
    ctx.request.json = { ...original.json, model: target.model };
  }
  setCurrentTarget(ctx, target);
  if (ctx.attempt !== undefined) ctx.attempt.target = target.name;
  // The call's log line names the target that served it (the last one applied).
  ctx.result.target = target.name;
  ctx.result.targetIndex = target.index;
  ctx.span?.setAttribute(TARGET_ATTRIBUTE, target.name);
  ctx.span?.setAttribute('aiclient.target.index', target.index);
}

/**
 * Walks the chain (primary, then each fallback) within the call's one deadline. Moves on when a
 * target's attempts are spent on a retryable failure, on a 429 whose reset passes the deadline,
 * on quota exhaustion, on `context_length_exceeded` (to a target with a larger context window
 * only), and when a target's circuit is open (skipped without waiting). Streams move only
 * before their first chunk: after it, the stream is the caller's. When every target's circuit
 * is open the call fails at once with AICircuitOpenError.
 */
export function fallbackStage(options: FallbackStageOptions): Stage {
  return {
    name: 'fallback',
    async handle(ctx, next) {
      const original: OriginalRequest = {
        url: ctx.request.url,
        body: ctx.request.body,
        json: ctx.request.json,
        model: ctx.model,
      };
      const { breakers } = options;
      let lastError: unknown;
      let minContext: number | undefined;
      let skippedOpen: string[] | undefined;
      let previous: ResolvedTarget | undefined;
      for (let index = 0; ; index++) {
        const target = resolveTarget(
          ctx,
          original,
          options.fallbacks,
          index,
          options.pool,
          options.primaryContextWindow,
        );
        if (target === undefined) break;
        if (minContext !== undefined && (target.contextWindow ?? 0) <= minContext) continue;
        if (breakers !== undefined) {
          // A target first seen may be open in another process: wait for that first read only.
          const pending = breakers.firstSync(target.name);
          if (pending !== undefined) await pending;
          if (breakers.get(target.name).state === 'open') {
            skippedOpen ??= [];
            skippedOpen.push(target.name);
            continue;
          }
        }
        if (ctx.signal.aborted) break;
        if (previous !== undefined) {
          options.onFallback?.({
            'aiclient.fallback.from': previous.name,
            'aiclient.fallback.to': target.name,
          });
          ctx.logger.warn('aiclient fallback', {
            event: 'aiclient.fallback',
            callId: ctx.callId,
            from: previous.name,
            to: target.name,
            code: AIError.isInstance(lastError) ? lastError.code : undefined,
          });
        }
        apply(ctx, target, original);
        previous = target;
        try {
          return await next(ctx);
        } catch (error) {
          lastError = error;
          const outcome = classifyError(error);
          if (!FALLBACK_KINDS.has(outcome.kind) || ctx.signal.aborted) throw error;
          if (outcome.kind === 'context_length') {
            // Only a larger window can help; without a known size, any configured size is larger.
            minContext = Math.max(minContext ?? 0, target.contextWindow ?? 0);
          }
        }
      }
      if (lastError !== undefined) throw lastError;
      // Nothing was tried: every target was skipped for an open circuit.
      throw new AICircuitOpenError({
        message: `Every target's circuit is open (${(skippedOpen ?? []).join(', ')}): failing fast.`,
        context: { source: 'client.fallback', details: { targets: skippedOpen ?? [] } },
      });
    },
  };
}
