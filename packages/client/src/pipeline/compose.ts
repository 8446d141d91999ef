import type { CallContext, Next, Stage, StageName } from './stage';

/**
 * The one order stages run in, outermost first. Stages before `retry` run once per call;
 * stages after it run once per HTTP attempt. See docs/architecture.md, "Client transport
 * pipeline", for why each concern sits where it does.
 *
 * 1. `telemetry`: call span, metrics and usage; outermost so it sees cache hits and every error.
 * 2. `logging`: one line per call, inside the span so records carry its trace id.
 * 3. `cache`: a hit costs no rate-limit budget, attempt or key.
 * 4. `fallback`: switches model/target after the retries of one candidate are exhausted.
 * 5. `retry`: attempts, backoff and server-advised waits within the call's deadline.
 * 6. `circuit-breaker`: fails an attempt fast while a target is known to be down.
 * 7. `rate-limit`: client-side RPM/TPM budget, spent per HTTP attempt.
 * 8. `key-pool`: picks the key of this attempt (after the limiter, so a wait cannot go stale).
 * 9. `attempt-telemetry`: one child span per attempt, with the key id, wait and status.
 * 10. `response-classifier`: turns an HTTP error into an `AIError`; buffers non-stream bodies.
 * 11. `stream-guard`: first-chunk, idle and total timers on SSE bodies.
 */
export const STAGE_ORDER: readonly StageName[] = [
  'telemetry',
  'logging',
  'cache',
  'fallback',
  'retry',
  'circuit-breaker',
  'rate-limit',
  'key-pool',
  'attempt-telemetry',
  'response-classifier',
  'stream-guard',
];

const RANK = new Map<StageName, number>(STAGE_ORDER.map((name, index) => [name, index]));

/** True for stages that run once per HTTP attempt (inside `retry`). */
export function isAttemptStage(name: StageName): boolean {
  return (RANK.get(name) ?? -1) > (RANK.get('retry') ?? 0);
}

/**
 * Composes `stages` around `terminal` in {@link STAGE_ORDER}, whatever order they are given in.
 * Each name may appear once; absent stages are skipped. The result is built once per client,
 * so a call allocates nothing here.
 */
export function compose(stages: readonly Stage[], terminal: Next): Next {
  const seen = new Set<StageName>();
  for (const stage of stages) {
    if (!RANK.has(stage.name)) throw new TypeError(`Unknown pipeline stage '${stage.name}'`);
    if (seen.has(stage.name)) throw new TypeError(`Pipeline stage '${stage.name}' given twice`);
    seen.add(stage.name);
  }
  const ordered = [...stages].sort((a, b) => (RANK.get(a.name) ?? 0) - (RANK.get(b.name) ?? 0));
  let next: Next = terminal;
  for (let index = ordered.length - 1; index >= 0; index -= 1) {
    const stage = ordered[index]!;
    const inner = next;
    next = (ctx: CallContext) => stage.handle(ctx, inner);
  }
  return next;
}
