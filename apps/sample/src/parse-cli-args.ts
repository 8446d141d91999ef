import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** What `npm start -- <args>` asked for. */
export interface CliOptions {
  help: boolean;
  /** Keep the service running after the demo until Ctrl-C. */
  serve: boolean;
  /** Port of the service; 0 picks a free one. */
  port: number;
  /** Where the log file and the telemetry file go. */
  logDir: string;
  /** Seed of the mock server's random choices (latencies, fault probabilities). */
  seed: number;
  /** Skip the demo batch and only serve (implies `serve`). */
  noDemo: boolean;
}

/** Default port of `--serve`, so the printed curl commands stay the same between runs. */
export const DEFAULT_SERVE_PORT = 8787;

/** The `--help` text. */
export const HELP_TEXT = `Usage: npm start -- [options]

Runs the aiclient sample: an HTTP service (POST /v1/ask, GET /healthz, /readyz, /metrics)
wired with every aiclient package, then a batch of demo calls and a summary.

Without OPENAI_API_KEY the calls go to a local mock OpenAI server with scripted faults
(rate limits, server errors, stalled streams, a wrong and a missing key). With OPENAI_API_KEY
and/or OPENAI_BASE_URL the normal calls go to that endpoint instead (OpenAI, Azure OpenAI
with AICLIENT_MODEL=<deployment>, or a local OpenAI-compatible server).

Options:
  --serve           keep the service running after the demo (Ctrl-C stops it)
  --no-demo         skip the demo batch and only serve (implies --serve)
  --port <n>        port of the service (default: ${DEFAULT_SERVE_PORT} with --serve, else a free one)
  --log-dir <dir>   where sample.log and telemetry.json are written
                    (default: $AICLIENT_SAMPLE_LOG_DIR or <tmp>/aiclient-sample)
  --seed <n>        seed of the mock server's random choices (default: 42)
  -h, --help        show this help

Environment: OPENAI_API_KEY, OPENAI_BASE_URL and every AICLIENT_* setting of @aiclient/config.
`;

/** Thrown for a command line that cannot be understood; main prints it with the help hint. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new CliUsageError(`${name} must be a non-negative integer, got '${value}'`);
  }
  return parsed;
}

/** Parses the sample's command line; `env` supplies the log-dir default. */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): CliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  const noDemo = values['no-demo'] ?? false;
  // Without the demo there is nothing to do but serve.
  const serve = (values.serve ?? false) || noDemo;
  const port = integer(values.port, '--port', serve ? DEFAULT_SERVE_PORT : 0);
  if (port > 65_535) throw new CliUsageError(`--port must be at most 65535, got ${port}`);
  return {
    help: values.help ?? false,
    serve,
    port,
    logDir: values['log-dir'] ?? env.AICLIENT_SAMPLE_LOG_DIR ?? join(tmpdir(), 'aiclient-sample'),
    seed: integer(values.seed, '--seed', 42),
    noDemo,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      serve: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      port: { type: 'string' },
      'log-dir': { type: 'string' },
      seed: { type: 'string' },
    },
  });
}
