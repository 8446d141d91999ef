import type { LogLevel } from '@aiclient/config';
import type { PipelineLogger } from '../pipeline/stage';

const RANK: Readonly<Record<LogLevel, number>> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

function noop(): void {}

/**
 * A logger that forwards only records at or above `level` (`off` drops everything). Methods
 * below the level are no-ops bound once, so a disabled line costs one call.
 */
export function levelFilteredLogger(logger: PipelineLogger, level: LogLevel): PipelineLogger {
  const rank = RANK[level];
  const pick = (name: keyof PipelineLogger, needed: number) =>
    rank >= needed ? logger[name].bind(logger) : noop;
  return {
    error: pick('error', 1),
    warn: pick('warn', 2),
    info: pick('info', 3),
    debug: pick('debug', 4),
  };
}
