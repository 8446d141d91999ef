import { createLogger } from '@aiclient/telemetry/node';
import winston from 'winston';
import type { AppLogger } from './app-logger.js';

/** Levels that may go to stderr besides the file. */
export type ConsoleLevel = 'warn' | 'error' | 'silent';

/** Options of {@link createSampleLogger}. */
export interface SampleLoggerOptions {
  /** JSON-lines log file. */
  file: string;
  /** Lowest level written to the file (`settings.logLevel`). */
  level: string;
  /** Lowest level also printed to stderr, or 'silent'. */
  consoleLevel: ConsoleLevel;
  /** `service` field of every record. */
  serviceName: string;
  /** Where console lines go. @default process.stderr */
  consoleStream?: NodeJS.WritableStream;
}

/** The sample's logger and the winston instance behind it (the openai SDK's `logger`). */
export interface SampleLogger extends AppLogger {
  readonly winston: winston.Logger;
  /** Changes what reaches stderr, e.g. quiet during the demo batch, warnings once serving. */
  setConsoleLevel(level: ConsoleLevel): void;
  /** Flushes the file; call once at shutdown. */
  close(): Promise<void>;
}

/**
 * The logger of `@aiclient/telemetry/node` (trace ids on records inside a span, secrets
 * redacted) writing JSON lines to a file, with warnings (or errors only) also on stderr as one
 * short line, so the terminal keeps the progress bar and the summary readable.
 */
export function createSampleLogger({
  file,
  level,
  consoleLevel,
  serviceName,
  consoleStream = process.stderr,
}: SampleLoggerOptions): SampleLogger {
  const stderrTransport = new winston.transports.Stream({
    stream: consoleStream,
    // Runs after the logger's redaction; the message only, details stay in the file.
    format: winston.format.printf((info) => `${info.level}: ${String(info.message)}`),
  });
  const setConsoleLevel = (next: ConsoleLevel): void => {
    stderrTransport.silent = next === 'silent';
    stderrTransport.level = next === 'silent' ? 'error' : next;
  };
  setConsoleLevel(consoleLevel);
  // 'w': one run per file, so the log next to a summary is that run's log.
  const transports = [
    new winston.transports.File({ filename: file, options: { flags: 'w' } }),
    stderrTransport,
  ];
  const logger = createLogger({ level, format: 'json', serviceName, transports });
  return {
    winston: logger,
    setConsoleLevel,
    debug: (message, meta) => void logger.debug(message, meta),
    info: (message, meta) => void logger.info(message, meta),
    warn: (message, meta) => void logger.warn(message, meta),
    error: (message, meta) => void logger.error(message, meta),
    close: () =>
      new Promise<void>((resolve) => {
        // 'finish' fires once every transport flushed; end() starts that.
        logger.once('finish', () => resolve());
        logger.end();
      }),
  };
}
