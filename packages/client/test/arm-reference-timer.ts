/** A plain timer armed beside a measurement; see {@link armReferenceTimer}. */
export interface ReferenceTimer {
  /**
   * Milliseconds from arming until the timer ran; when it has not run yet, until now (the loop
   * has not come round to it, so everything so far is the loop's delay). Reading cancels it.
   */
  ranAfterMs(): number;
}

/**
 * Arms a plain `setTimeout(delayMs)` now. How late it runs is how late this process's event loop
 * let any timer run from that moment (a busy shared machine, GC), which the code under test
 * cannot be blamed for: a latency bound can be checked on `measured - ranAfterMs()` (zero delay)
 * or against `max(delayMs, ranAfterMs())` (a timeout armed at the same moment). Code that is
 * really slow still fails, as the reference timer runs on time then.
 */
export function armReferenceTimer(delayMs = 0): ReferenceTimer {
  const armedAt = performance.now();
  let ranAfter: number | undefined;
  const timer = setTimeout(() => {
    ranAfter = performance.now() - armedAt;
  }, delayMs);
  return {
    ranAfterMs() {
      clearTimeout(timer);
      ranAfter ??= performance.now() - armedAt;
      return ranAfter;
    },
  };
}
