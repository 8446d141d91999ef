/**
 * The slice of a logger the sample uses. The winston logger from `@aiclient/telemetry/node`
 * satisfies it; tests pass a recording one.
 */
export interface AppLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}
