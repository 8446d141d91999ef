import { Presets, SingleBar } from 'cli-progress';

/** Progress of the demo batch. */
export interface Progress {
  /** A step begins. */
  step(name: string, explains: string, calls: number): void;
  /** One call finished. */
  tick(): void;
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Where progress goes. @default process.stdout */
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Draw a live bar (a terminal) rather than one line per step (a pipe or CI log). */
  interactive?: boolean;
}

/**
 * A progress bar on a terminal; in a pipe or a CI log, where a redrawn bar would be noise,
 * one plain line per step instead.
 */
export function createProgress(
  total: number,
  {
    stream = process.stdout,
    interactive = (stream as NodeJS.WriteStream).isTTY === true,
  }: ProgressOptions = {},
): Progress {
  if (!interactive) {
    return {
      step: (name, explains, calls) =>
        void stream.write(
          `  ▸ ${name.padEnd(16)} ${explains} (${calls} call${calls === 1 ? '' : 's'})\n`,
        ),
      tick: () => {},
      stop: () => {},
    };
  }
  const bar = new SingleBar(
    {
      format: '  {bar} {value}/{total} calls  {step}',
      stream: stream as NodeJS.WriteStream,
      hideCursor: true,
      // The caller already decided this is a terminal (tests pass a pipe).
      noTTYOutput: true,
      clearOnComplete: true,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { step: '' });
  return {
    step: (name, explains) => bar.update({ step: `${name}: ${explains}` }),
    tick: () => bar.increment(),
    stop: () => bar.stop(),
  };
}
