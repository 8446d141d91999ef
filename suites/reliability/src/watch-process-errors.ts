/** Counts of process-level failures seen while a watch was active. */
export interface ProcessErrorWatch {
  readonly unhandledRejections: number;
  readonly uncaughtExceptions: number;
  /** First few messages, for the report. */
  readonly samples: readonly string[];
  /** Removes the listeners; counts stay readable. */
  stop(): void;
}

/**
 * Listens for `unhandledRejection` and `uncaughtExceptionMonitor` while a run is in progress.
 * The monitor variant observes without swallowing, so the test runner still fails on its own.
 */
export function watchProcessErrors(): ProcessErrorWatch {
  const samples: string[] = [];
  const state = { unhandledRejections: 0, uncaughtExceptions: 0 };
  const describe = (value: unknown): string =>
    value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  const onRejection = (reason: unknown): void => {
    state.unhandledRejections++;
    if (samples.length < 5) samples.push(`unhandledRejection ${describe(reason)}`);
  };
  const onException = (error: unknown): void => {
    state.uncaughtExceptions++;
    if (samples.length < 5) samples.push(`uncaughtException ${describe(error)}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  return {
    get unhandledRejections() {
      return state.unhandledRejections;
    },
    get uncaughtExceptions() {
      return state.uncaughtExceptions;
    },
    samples,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtExceptionMonitor', onException);
    },
  };
}
