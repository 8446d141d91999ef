/** What one measured batch of calls cost the calling process, per call. */
export interface CallCost {
  /** Calls measured (warm-up excluded). */
  readonly calls: number;
  /** Calls in flight at once (1 = sequential). */
  readonly concurrency: number;
  /** User + system CPU time of this process per call, in microseconds. */
  readonly cpuUs: number;
  readonly userUs: number;
  readonly systemUs: number;
  /** Wall time per call in microseconds: latency when sequential, 1/throughput when concurrent. */
  readonly wallUs: number;
  /** Minor and major page faults of this process per call. */
  readonly minorFaults: number;
  readonly majorFaults: number;
}

/** Options of {@link measureCalls}. */
export interface MeasureCallsOptions {
  /** Performs call number `index`; must reject when the call fails. */
  readonly call: (index: number) => Promise<unknown>;
  /** Calls to measure (at most; see `maxMs`). */
  readonly calls: number;
  /** Calls in flight at once. @default 1 */
  readonly concurrency?: number;
  /** Calls made first and not measured, so JIT, pools and caches are warm. @default 0 */
  readonly warmup?: number;
  /**
   * Stop starting new measured calls after this long (calls in flight still finish), so a phase
   * stays bounded on a loaded machine; per-call figures use the calls actually made.
   * @default Infinity
   */
  readonly maxMs?: number;
  /** The same bound for the warm-up. @default Infinity */
  readonly warmupMaxMs?: number;
  /**
   * Calls made before `maxMs` may stop the phase, so a starved machine still measures enough
   * calls for a per-call figure. @default 1
   */
  readonly minCalls?: number;
  /** The same floor for the warm-up. @default 1 */
  readonly minWarmup?: number;
  /** Called before the measured phase (e.g. a forced GC), outside the measurement. */
  readonly beforeMeasure?: () => void;
}

/**
 * Runs `calls` calls with `concurrency` in flight and reports this process's CPU time
 * (`process.cpuUsage()` deltas), wall time and page faults (`process.resourceUsage()`) per call.
 * CPU is the figure that matters on a shared machine: it does not depend on how busy the server
 * or the other core is, where wall time does.
 */
export async function measureCalls({
  call,
  calls,
  concurrency = 1,
  warmup = 0,
  maxMs = Number.POSITIVE_INFINITY,
  warmupMaxMs = Number.POSITIVE_INFINITY,
  minCalls = 1,
  minWarmup = 1,
  beforeMeasure,
}: MeasureCallsOptions): Promise<CallCost> {
  if (!Number.isInteger(calls) || calls < 1)
    throw new RangeError('calls must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError('concurrency must be a positive integer');
  // Warm-up indexes continue into the measured ones so no request repeats (a cache must miss).
  const warmed =
    warmup > 0 ? await runPool(call, 0, warmup, concurrency, warmupMaxMs, minWarmup) : 0;
  beforeMeasure?.();
  const usage0 = process.resourceUsage();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const made = await runPool(call, warmed, calls, concurrency, maxMs, minCalls);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const usage1 = process.resourceUsage();
  return {
    calls: made,
    concurrency,
    cpuUs: (cpu.user + cpu.system) / made,
    userUs: cpu.user / made,
    systemUs: cpu.system / made,
    wallUs: (wallMs * 1000) / made,
    minorFaults: (usage1.minorPageFault - usage0.minorPageFault) / made,
    majorFaults: (usage1.majorPageFault - usage0.majorPageFault) / made,
  };
}

/**
 * Keeps `concurrency` calls in flight until `count` calls starting at `first` have settled, or
 * `maxMs` has passed once at least `minCount` were started; resolves with the number of calls made.
 */
async function runPool(
  call: (index: number) => Promise<unknown>,
  first: number,
  count: number,
  concurrency: number,
  maxMs: number,
  minCount: number,
): Promise<number> {
  let next = first;
  const end = first + count;
  const floor = first + Math.min(minCount, count);
  const stopAt = performance.now() + maxMs;
  const lane = async (): Promise<void> => {
    while (next < end && (next < floor || performance.now() <= stopAt)) {
      const index = next++;
      await call(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return next - first;
}
