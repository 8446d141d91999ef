import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AIError, isErrorCode } from '@aiclient/errors';
import type { RecordedRequest } from '@aiclient/testkit';
import type OpenAI from 'openai';
import { isRecoverable } from './fault-mix.ts';
import { seededRandom } from './seeded-random.ts';
import type { MockControl } from './start-mock-process.ts';
import { watchProcessErrors } from './watch-process-errors.ts';

/** Kinds of call the soak mixes. */
export type SoakOperation = 'chat' | 'stream' | 'embeddings';

/** Header that ties the server's recorded requests to the soak's call number. */
export const SOAK_CALL_HEADER = 'x-soak-call';

/** Options of {@link runFaultSoak}. */
export interface FaultSoakOptions {
  /** The client under test (its settings carry the deadline and the retry policy). */
  client: OpenAI;
  /** The testkit server the client talks to, already loaded with the fault mix. */
  mock: MockControl;
  /** Number of calls. */
  calls: number;
  /** Calls in flight at once. @default 16 */
  concurrency?: number;
  /** Seed of the call mix. @default 1 */
  seed?: number;
  /** Each call's deadline (the client's `timeoutMs`). */
  deadlineMs: number;
  /** Allowed lateness past the deadline. @default 100 */
  slackMs?: number;
  /** Requests the policy allows per call: max attempts x (1 + fallback targets). */
  maxRequestsPerCall: number;
  /** Model of every call (the primary; fallbacks are the client's business). */
  model?: string;
  /** Called every 1,000 calls. */
  onProgress?: (done: number) => void;
}

/** What happened to one call. */
interface CallRecord {
  readonly operation: SoakOperation;
  readonly outcome: string;
  readonly elapsedMs: number;
  /**
   * When a plain timer armed for the deadline at the call's start actually fired (ms after the
   * start), or the deadline when the call settled first. On a starved machine timers fire late
   * for everyone; the client is only answerable for lateness beyond that.
   */
  readonly deadlineFiredMs: number;
}

/** Counts and figures of one soak run; `violations` lists every broken guarantee. */
export interface FaultSoakReport {
  calls: number;
  byOperation: Record<SoakOperation, number>;
  /** Faults the server injected, by type (latency modifiers included). */
  faultsByKind: Record<string, number>;
  /** `success` or the AIError code, with counts. */
  outcomesByCode: Record<string, number>;
  /** Rejections that were not an AIError with a registered code (first few described). */
  unregisteredErrors: string[];
  /**
   * Calls that settled more than `slackMs` after their deadline could fire (hangs included): the
   * deadline is the later of the configured one and when a plain timer armed for it ran.
   */
  lateCalls: number;
  /** Calls that settled later than deadline + slack by the wall clock, whatever the cause. */
  lateByWallClock: number;
  /** The late calls: operation, outcome, elapsed ms (first few). */
  lateDetails: string[];
  /** Event-loop delay of this process during the run (ms): how much lateness the machine adds. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Calls that did not settle at all within deadline + 5 s. */
  hungCalls: number;
  maxElapsedMs: number;
  /** Requests the server received, and the most one call was allowed. */
  serverRequests: number;
  maxRequestsSeenForOneCall: number;
  /** Calls that sent more requests than the policy allows. */
  retryStormCalls: number;
  /** Calls whose every injected fault the policy can recover from, and how many succeeded. */
  recoverableCalls: number;
  recoverableSucceeded: number;
  /** recoverableSucceeded / recoverableCalls. */
  recoverableSuccessRate: number;
  /** First few recoverable calls that failed: operation, outcome and the faults per request. */
  recoverableFailures: string[];
  /** Overall successes / calls. */
  successRate: number;
  unhandledRejections: number;
  uncaughtExceptions: number;
  durationMs: number;
  /** One line per guarantee that did not hold; empty when the run is clean. */
  violations: string[];
}

/** Minimum success rate over recoverable calls (the 99.5%). */
export const MIN_RECOVERABLE_SUCCESS_RATE = 0.995;

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return String(error).slice(0, 200);
}

async function once(
  client: OpenAI,
  operation: SoakOperation,
  index: number,
  model: string,
): Promise<void> {
  const options = { headers: { [SOAK_CALL_HEADER]: String(index) } };
  const content = `Soak call ${index % 97}: say something short`;
  if (operation === 'embeddings') {
    const result = await client.embeddings.create(
      { model: 'text-embedding-3-small', input: content },
      options,
    );
    if ((result.data[0]?.embedding.length ?? 0) === 0) throw new Error('empty embedding');
    return;
  }
  if (operation === 'chat') {
    const result = await client.chat.completions.create(
      { model, messages: [{ role: 'user', content }], max_tokens: 16 },
      options,
    );
    if (result.choices.length === 0) throw new Error('no choices');
    return;
  }
  const stream = await client.chat.completions.create(
    { model, messages: [{ role: 'user', content }], max_tokens: 16, stream: true },
    options,
  );
  let chunks = 0;
  for await (const _chunk of stream) chunks++;
  if (chunks === 0) throw new Error('empty stream');
}

/**
 * Drives `calls` mixed calls (40% chat, 40% streamed chat, 20% embeddings) through `client`
 * against `mock` and checks every soak guarantee: each call settles within its deadline + slack
 * as a success or an AIError with a registered code, no unhandled rejection or uncaught
 * exception, no call sends more requests than the policy allows, and at least 99.5% of the
 * calls whose faults were recoverable succeed.
 */
export async function runFaultSoak(options: FaultSoakOptions): Promise<FaultSoakReport> {
  const { client, mock, calls, deadlineMs, maxRequestsPerCall } = options;
  const concurrency = options.concurrency ?? 16;
  const slackMs = options.slackMs ?? 100;
  const model = options.model ?? 'gpt-4o-mini';
  const random = seededRandom(options.seed ?? 1);
  const plan: SoakOperation[] = Array.from({ length: calls }, () => {
    const draw = random();
    return draw < 0.4 ? 'chat' : draw < 0.8 ? 'stream' : 'embeddings';
  });
  const statsBefore = await mock.stats();
  await mock.clearRequests();
  const watch = watchProcessErrors();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const records: CallRecord[] = new Array(calls);
  const unregisteredErrors: string[] = [];
  let unregistered = 0;
  let hungCalls = 0;
  const started = performance.now();
  let nextIndex = 0;

  const worker = async (): Promise<void> => {
    while (nextIndex < calls) {
      const index = nextIndex++;
      const operation = plan[index] ?? 'chat';
      const callStarted = performance.now();
      let timer: NodeJS.Timeout | undefined;
      let deadlineFiredMs = deadlineMs;
      const reference = setTimeout(() => {
        deadlineFiredMs = performance.now() - callStarted;
      }, deadlineMs);
      const hang = new Promise<'hung'>((resolve) => {
        timer = setTimeout(() => resolve('hung'), deadlineMs + 5_000);
      });
      let outcome: string;
      try {
        const result = await Promise.race([
          once(client, operation, index, model).then(() => 'success'),
          hang,
        ]);
        outcome = result;
        if (result === 'hung') hungCalls++;
      } catch (error) {
        if (AIError.isInstance(error) && isErrorCode(error.code)) {
          outcome = error.code;
        } else {
          outcome = 'unregistered';
          unregistered++;
          if (unregisteredErrors.length < 10) unregisteredErrors.push(describe(error));
        }
      } finally {
        clearTimeout(timer);
        clearTimeout(reference);
      }
      records[index] = {
        operation,
        outcome,
        elapsedMs: performance.now() - callStarted,
        deadlineFiredMs,
      };
      if ((index + 1) % 1000 === 0) options.onProgress?.(index + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  const durationMs = performance.now() - started;
  // Let late socket errors surface before the watch closes.
  await new Promise((resolve) => setTimeout(resolve, 50));
  watch.stop();
  loopDelay.disable();

  const statsAfter = await mock.stats();
  const requests = await mock.requests();
  const byCall = new Map<number, RecordedRequest[]>();
  for (const request of requests) {
    const index = Number(request.headers[SOAK_CALL_HEADER]);
    if (!Number.isInteger(index)) continue;
    let list = byCall.get(index);
    if (list === undefined) {
      list = [];
      byCall.set(index, list);
    }
    list.push(request);
  }

  const byOperation: Record<SoakOperation, number> = { chat: 0, stream: 0, embeddings: 0 };
  const outcomesByCode: Record<string, number> = {};
  let lateCalls = 0;
  let lateByWallClock = 0;
  const lateDetails: string[] = [];
  let maxElapsedMs = 0;
  let retryStormCalls = 0;
  let maxRequestsSeenForOneCall = 0;
  let recoverableCalls = 0;
  let recoverableSucceeded = 0;
  let successes = 0;
  const recoverableFailures: string[] = [];
  for (let index = 0; index < calls; index++) {
    const record = records[index];
    if (record === undefined) continue;
    byOperation[record.operation]++;
    outcomesByCode[record.outcome] = (outcomesByCode[record.outcome] ?? 0) + 1;
    maxElapsedMs = Math.max(maxElapsedMs, record.elapsedMs);
    if (record.elapsedMs > deadlineMs + slackMs) lateByWallClock++;
    if (record.elapsedMs > Math.max(deadlineMs, record.deadlineFiredMs) + slackMs) {
      lateCalls++;
      if (lateDetails.length < 10)
        lateDetails.push(
          `#${index} ${record.operation} ${record.outcome} ${Math.round(record.elapsedMs)} ms (deadline timer ran at ${Math.round(record.deadlineFiredMs)} ms)`,
        );
    }
    const sent = byCall.get(index) ?? [];
    maxRequestsSeenForOneCall = Math.max(maxRequestsSeenForOneCall, sent.length);
    if (sent.length > maxRequestsPerCall) retryStormCalls++;
    const stream = record.operation === 'stream';
    const recoverable = sent.every((request) =>
      isRecoverable(request.fault, stream, request.status),
    );
    if (record.outcome === 'success') successes++;
    if (recoverable) {
      recoverableCalls++;
      if (record.outcome === 'success') recoverableSucceeded++;
      else if (recoverableFailures.length < 10) {
        const faults = sent.map((r) => `${r.fault ?? 'none'}/${r.status ?? '-'}`).join(',');
        recoverableFailures.push(
          `#${index} ${record.operation} ${record.outcome} after ${Math.round(record.elapsedMs)} ms; requests: ${faults}`,
        );
      }
    }
  }

  const faultsByKind: Record<string, number> = {};
  for (const [type, count] of Object.entries(statsAfter.faults.byType)) {
    const delta =
      (count ?? 0) -
      (statsBefore.faults.byType[type as keyof typeof statsBefore.faults.byType] ?? 0);
    if (delta > 0) faultsByKind[type] = delta;
  }
  const recoverableSuccessRate =
    recoverableCalls === 0 ? 1 : recoverableSucceeded / recoverableCalls;
  const report: FaultSoakReport = {
    calls,
    byOperation,
    faultsByKind,
    outcomesByCode,
    unregisteredErrors,
    lateCalls,
    lateByWallClock,
    lateDetails,
    eventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
    eventLoopDelayMaxMs: Math.round(loopDelay.max / 1e6),
    hungCalls,
    maxElapsedMs: Math.round(maxElapsedMs),
    serverRequests: statsAfter.requests.total - statsBefore.requests.total,
    maxRequestsSeenForOneCall,
    retryStormCalls,
    recoverableCalls,
    recoverableSucceeded,
    recoverableSuccessRate,
    recoverableFailures,
    successRate: calls === 0 ? 1 : successes / calls,
    unhandledRejections: watch.unhandledRejections,
    uncaughtExceptions: watch.uncaughtExceptions,
    durationMs: Math.round(durationMs),
    violations: [],
  };
  const v = report.violations;
  if (hungCalls > 0) v.push(`${hungCalls} calls never settled`);
  if (lateCalls > 0)
    v.push(
      `${lateCalls} calls settled more than ${slackMs} ms after their deadline (max ${report.maxElapsedMs} ms; event-loop delay p99 ${report.eventLoopDelayP99Ms} ms, max ${report.eventLoopDelayMaxMs} ms): ${lateDetails.join(', ')}`,
    );
  if (unregistered > 0)
    v.push(
      `${unregistered} calls failed with something other than a registered AIError: ${unregisteredErrors.join(' | ')}`,
    );
  if (report.unhandledRejections + report.uncaughtExceptions > 0)
    v.push(
      `${report.unhandledRejections} unhandled rejections, ${report.uncaughtExceptions} uncaught exceptions: ${watch.samples.join(' | ')}`,
    );
  if (retryStormCalls > 0)
    v.push(
      `${retryStormCalls} calls sent more than ${maxRequestsPerCall} requests (max ${maxRequestsSeenForOneCall})`,
    );
  if (byCall.size === 0 && calls > 0) v.push('the server recorded no soak request');
  if (recoverableSuccessRate < MIN_RECOVERABLE_SUCCESS_RATE)
    v.push(
      `success rate over recoverable calls ${(recoverableSuccessRate * 100).toFixed(2)}% < ${MIN_RECOVERABLE_SUCCESS_RATE * 100}%`,
    );
  return report;
}
