import { AIError, type ErrorCode, isErrorCode } from '@aiclient/errors';
import { watchProcessErrors } from './watch-process-errors.ts';

/** How a call ended, as the hostile-upstream check judges it. */
export interface CallOutcome {
  /** The registered AIError code it failed with; absent for successes and foreign errors. */
  readonly code?: ErrorCode;
  readonly error?: unknown;
  /** `name: message` of a failure that was not a registered AIError. */
  readonly foreign?: string;
  readonly succeeded: boolean;
  /** Unhandled rejections and uncaught exceptions seen while it ran. */
  readonly processErrors: number;
}

/** Runs `work` and reports how it ended, watching for process-level errors meanwhile. */
export async function callOutcome(work: () => Promise<unknown>): Promise<CallOutcome> {
  const watch = watchProcessErrors();
  let outcome: Omit<CallOutcome, 'processErrors'>;
  try {
    await work();
    outcome = { succeeded: true };
  } catch (error) {
    outcome =
      AIError.isInstance(error) && isErrorCode(error.code)
        ? { succeeded: false, code: error.code, error }
        : {
            succeeded: false,
            error,
            foreign: `${(error as Error)?.name}: ${(error as Error)?.message}`,
          };
  }
  // Late socket errors surface on the next turns of the loop.
  await new Promise((resolve) => setTimeout(resolve, 20));
  watch.stop();
  return { ...outcome, processErrors: watch.unhandledRejections + watch.uncaughtExceptions };
}
