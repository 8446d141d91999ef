import { AIError } from '@aiclient/errors';
import type { FaultRule } from '@aiclient/testkit';
import type OpenAI from 'openai';
import type { SoakClientOptions } from './create-soak-client.ts';
import { seededRandom } from './seeded-random.ts';
import type { MockControl } from './start-mock-process.ts';

/**
 * Server faults that keep every storm call in flight past the abort window: JSON answers come
 * after 6 s; stream events come a second apart from the start (a short answer still takes 5 s),
 * so with aborts spread over 4 s most streamed calls are aborted mid-stream, after their first
 * chunk, and none can finish before its abort lands.
 */
export const ABORT_STORM_FAULTS: FaultRule[] = [
  { match: { stream: false }, fault: { type: 'latency', ms: 6_000 } },
  { match: { stream: true }, fault: { type: 'chunk_latency', ms: 1_000 } },
];

/**
 * The storm's client, less its baseURL: one key, no fallbacks, deadlines and stream timeouts far
 * beyond the abort window, so every call is ended by its abort and nothing else.
 */
export const ABORT_STORM_CLIENT: Omit<SoakClientOptions, 'baseURL'> = {
  keys: ['sk-abort-storm-aaaaaaaaaaaaaaaa'],
  fallbackModels: [],
  deadlineMs: 20_000,
  streamFirstChunkTimeoutMs: 10_000,
  streamIdleTimeoutMs: 10_000,
};

/** Options of {@link runAbortStorm}. */
export interface AbortStormOptions {
  client: OpenAI;
  /** The server; it must hold calls open long enough (a latency fault) to be aborted. */
  mock: MockControl;
  /** In-flight calls, half of them streamed. @default 1000 */
  calls?: number;
  /** Aborts land uniformly in [0, abortWindowMs) after the call starts. @default 300 */
  abortWindowMs?: number;
  /** Delay between call starts. @default 1 */
  staggerMs?: number;
  /** Longest allowed time from abort() to the call's settlement. @default 50 */
  settleWithinMs?: number;
  /**
   * How long to wait for the server to see every connection closed. Sockets the HTTP client
   * keeps alive with nothing in flight close at its keep-alive timeout (about 4 s), so the
   * default leaves room for that. @default 8000
   */
  closeWithinMs?: number;
  seed?: number;
}

/** Figures of one abort storm; `violations` lists every broken guarantee. */
export interface AbortStormReport {
  calls: number;
  streamed: number;
  /** Calls that ended with the aborted error (AI-API-013). */
  aborted: number;
  /** Streamed calls whose abort landed after their first chunk (the mid-stream case). */
  abortedMidStream: number;
  /** Calls that ended some other way (a success before the abort landed counts here). */
  otherOutcomes: Record<string, number>;
  /**
   * Calls that took longer than `settleWithinMs` to settle after their abort, not counting the
   * time a zero-delay timer armed at the abort itself waited for the loop.
   */
  slowSettlements: number;
  /** The same by the wall clock alone, loop delay included. */
  slowByWallClock: number;
  maxSettleMs: number;
  /** Connections the server still had open after `closeWithinMs`. */
  openConnections: number;
  /** Connections the server saw opened during the storm. */
  connectionsOpened: number;
  /** Time from the last settlement until the server saw every connection closed. */
  allClosedAfterMs: number;
  durationMs: number;
  violations: string[];
}

/**
 * Starts `calls` calls at once (half streaming), aborts each at a random moment and checks that
 * every call settles within 50 ms of its abort with the aborted error, and that the server sees
 * every connection closed.
 */
export async function runAbortStorm(options: AbortStormOptions): Promise<AbortStormReport> {
  const { client, mock } = options;
  const calls = options.calls ?? 1000;
  const abortWindowMs = options.abortWindowMs ?? 300;
  const settleWithinMs = options.settleWithinMs ?? 50;
  const staggerMs = options.staggerMs ?? 1;
  const random = seededRandom(options.seed ?? 3);
  const openedBefore = (await mock.stats()).connections.opened;
  const started = performance.now();
  const otherOutcomes: Record<string, number> = {};
  let aborted = 0;
  let slowSettlements = 0;
  let slowByWallClock = 0;
  let maxSettleMs = 0;
  let streamed = 0;
  let abortedMidStream = 0;

  const one = async (index: number): Promise<void> => {
    // Starts spread over the first second: every call is still in flight together (each lasts
    // seconds), but a thousand simultaneous connects would overflow the server's accept
    // backlog, and the retransmitted SYNs would keep most calls from reaching the server at all.
    await new Promise((resolve) => setTimeout(resolve, index * staggerMs));
    const controller = new AbortController();
    const stream = index % 2 === 1;
    if (stream) streamed++;
    let abortedAt: number | undefined;
    let probeDelayMs: number | undefined;
    const timer = setTimeout(
      () => {
        abortedAt = performance.now();
        const armed = abortedAt;
        // A zero-delay timer armed with the abort: how long the loop itself takes to come
        // back (other processes on a shared machine), which the client cannot be blamed for.
        setTimeout(() => {
          probeDelayMs = performance.now() - armed;
        }, 0);
        controller.abort();
      },
      Math.floor(random() * abortWindowMs),
    );
    let outcome: string;
    let midStream = false;
    try {
      const body = {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user' as const, content: `abort storm ${index % 13}` }],
        max_tokens: 16,
      };
      if (stream) {
        const chunks = await client.chat.completions.create(
          { ...body, stream: true },
          { signal: controller.signal },
        );
        let received = 0;
        for await (const _chunk of chunks) {
          // Consume until the abort lands.
          received++;
          if (received === 1) midStream = true;
        }
      } else {
        await client.chat.completions.create(body, { signal: controller.signal });
      }
      outcome = 'success';
    } catch (error) {
      outcome = AIError.isInstance(error) ? error.code : `foreign:${(error as Error)?.name}`;
    }
    const settledAt = performance.now();
    clearTimeout(timer);
    if (midStream && abortedAt !== undefined) abortedMidStream++;
    if (outcome === 'AI-API-013') {
      aborted++;
      const settleMs = settledAt - (abortedAt ?? settledAt);
      maxSettleMs = Math.max(maxSettleMs, settleMs);
      if (settleMs > settleWithinMs) slowByWallClock++;
      // Settled before the probe ran: the loop had not served even a zero-delay timer yet.
      const excused = probeDelayMs ?? settleMs;
      if (settleMs - excused > settleWithinMs) slowSettlements++;
    } else {
      otherOutcomes[outcome] = (otherOutcomes[outcome] ?? 0) + 1;
    }
  };

  await Promise.all(Array.from({ length: calls }, (_, index) => one(index)));
  const durationMs = performance.now() - started;
  const closeUntil = Date.now() + (options.closeWithinMs ?? 8_000);
  let openConnections = (await mock.stats()).connections.open;
  while (openConnections > 0 && Date.now() < closeUntil) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    openConnections = (await mock.stats()).connections.open;
  }
  const allClosedAfterMs = performance.now() - started - durationMs;
  const report: AbortStormReport = {
    calls,
    streamed,
    abortedMidStream,
    aborted,
    otherOutcomes,
    slowSettlements,
    slowByWallClock,
    maxSettleMs: Math.round(maxSettleMs),
    openConnections,
    connectionsOpened: (await mock.stats()).connections.opened - openedBefore,
    allClosedAfterMs: Math.round(allClosedAfterMs),
    durationMs: Math.round(durationMs),
    violations: [],
  };
  if (aborted !== calls)
    report.violations.push(
      `${calls - aborted} calls did not end with AI-API-013: ${JSON.stringify(otherOutcomes)}`,
    );
  if (slowSettlements > 0)
    report.violations.push(
      `${slowSettlements} calls settled more than ${settleWithinMs} ms after abort (max ${report.maxSettleMs} ms)`,
    );
  if (openConnections > 0)
    report.violations.push(`the server still had ${openConnections} connections open`);
  return report;
}
