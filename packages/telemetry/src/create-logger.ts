import winston from 'winston';
import { logRecordFormat } from './log-record-format';

/** Output style: JSON lines, a readable coloured line, or chosen from the environment. */
export type LogFormat = 'json' | 'pretty' | 'auto';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /**
   * Lowest level written: `error`, `warn`, `info`, `debug` (also winston's `http`, `verbose`,
   * `silly`); `off`/`silent`/`none` writes nothing. Pass `settings.logLevel` from @aiclient/config.
   * @default 'info'
   */
  level?: string;
  /**
   * `auto` writes JSON when `NODE_ENV=production` or the stream is not a terminal, and the
   * readable form on a terminal.
   * @default 'auto'
   */
  format?: LogFormat;
  /** Added to every record as `service`. */
  serviceName?: string;
  /** More fields added to every record (redacted like the rest). */
  defaultMeta?: Record<string, unknown>;
  /** Where records go. @default process.stdout */
  stream?: NodeJS.WritableStream;
  /** Transports to use instead of the stream. */
  transports?: winston.transport[];
  /** Environment read for `NODE_ENV`. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The shape of the `logger` option of the `openai` SDK (v7): four methods taking a message and
 * any details. The logger returned by {@link createLogger} satisfies it.
 */
export interface SdkLogger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

const SILENT_LEVELS = new Set(['off', 'silent', 'none']);
const WINSTON_LEVELS = new Set(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']);
// Names other logging setups use for the same thresholds.
const LEVEL_ALIASES: Readonly<Record<string, string>> = {
  warning: 'warn',
  fatal: 'error',
  critical: 'error',
  trace: 'silly',
};

/**
 * A winston logger for aiclient applications: JSON in production, a readable line on a
 * terminal, `trace_id`/`span_id` on every record written inside a span, and a redaction format
 * that strips API keys and Bearer tokens from messages, metadata and error causes. Pass it as
 * the `logger` option of the `openai` SDK.
 */
export function createLogger(options: CreateLoggerOptions = {}): winston.Logger {
  const env = options.env ?? process.env;
  const stream = options.stream ?? process.stdout;
  const requested = (options.level ?? 'info').trim().toLowerCase();
  const silent = SILENT_LEVELS.has(requested);
  const aliased = LEVEL_ALIASES[requested] ?? requested;
  const level = WINSTON_LEVELS.has(aliased) ? aliased : 'info';
  const style = resolveFormat(options.format ?? 'auto', env, stream);

  const defaultMeta: Record<string, unknown> = { ...options.defaultMeta };
  if (options.serviceName !== undefined) defaultMeta.service = options.serviceName;

  return winston.createLogger({
    level,
    silent,
    defaultMeta,
    // One format pass per record (see logRecordFormat); the pretty line is for terminals only.
    format:
      style === 'json'
        ? logRecordFormat({ json: true })
        : winston.format.combine(logRecordFormat({ json: false }), prettyFormat()),
    transports: options.transports ?? [new winston.transports.Stream({ stream })],
  });
}

function resolveFormat(
  requested: LogFormat,
  env: Readonly<Record<string, string | undefined>>,
  stream: NodeJS.WritableStream,
): 'json' | 'pretty' {
  if (requested !== 'auto') return requested;
  if (env.NODE_ENV === 'production') return 'json';
  return (stream as { isTTY?: boolean }).isTTY === true ? 'pretty' : 'json';
}

function prettyFormat(): winston.Logform.Format {
  const { format } = winston;
  return format.combine(
    format.colorize(),
    format.printf((info) => {
      const { timestamp, level, message, trace_id, span_id, stack, ...rest } = info;
      const trace =
        typeof trace_id === 'string' ? ` trace=${trace_id} span=${String(span_id)}` : '';
      delete rest.trace_flags;
      const meta = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
      const stackLine = typeof stack === 'string' ? `\n${stack}` : '';
      return `${String(timestamp)} ${level} ${String(message)}${trace}${meta}${stackLine}`;
    }),
  );
}
