import type { FaultRule } from './fault-plan';

/** What the `aiclient-mock-openai` command line asks for. */
export interface CliArgs {
  port: number;
  validateRequests: boolean;
  keys: string[];
  /** Path of a JSON file holding an array of fault rules. */
  faultsFile?: string;
  seed?: number;
  specPath?: string;
  help: boolean;
}

/** Usage text printed by `--help` and on a bad argument. */
export const CLI_USAGE = `Usage: aiclient-mock-openai [--port N] [--no-validate] [--keys a,b] [--faults file.json] [--seed N] [--spec path]

Starts a local OpenAI-compatible server on 127.0.0.1 and prints its base URL.
  --port N          port to listen on (default 0: a free port)
  --no-validate     do not check request bodies against the OpenAPI spec
  --keys a,b        accept only these API keys (default: any non-empty key)
  --faults file     JSON array of fault rules
  --seed N          seed for fault probabilities (default 1)
  --spec path       OpenAI openapi.yaml (default: env AICLIENT_OPENAPI_SPEC, then ../shared/openai-openapi/openapi.yaml from the repo root)`;

function integer(flag: string, value: string | undefined): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`${flag} needs a non-negative integer, got ${value ?? 'nothing'}`);
  }
  return parsed;
}

/** Parses the CLI's arguments (without node and script); throws with a message on bad input. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { port: 0, validateRequests: true, keys: [], help: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++index];
    switch (flag) {
      case '--port':
        args.port = integer('--port', value());
        break;
      case '--no-validate':
        args.validateRequests = false;
        break;
      case '--keys':
        args.keys = (value() ?? '')
          .split(',')
          .map((key) => key.trim())
          .filter(Boolean);
        break;
      case '--faults': {
        const file = value();
        if (file === undefined) throw new Error('--faults needs a file path');
        args.faultsFile = file;
        break;
      }
      case '--seed':
        args.seed = integer('--seed', value());
        break;
      case '--spec': {
        const file = value();
        if (file === undefined) throw new Error('--spec needs a file path');
        args.specPath = file;
        break;
      }
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new Error(`Unknown argument: ${arg}`);
    }
  }
  return args;
}

/** Checks the parsed content of a `--faults` file is an array of rules with a fault type. */
export function parseFaultsFile(content: unknown): FaultRule[] {
  if (!Array.isArray(content)) throw new Error('The faults file must hold a JSON array of rules');
  content.forEach((rule, index) => {
    const fault =
      typeof rule === 'object' && rule !== null ? (rule as { fault?: unknown }).fault : undefined;
    if (
      typeof fault !== 'object' ||
      fault === null ||
      typeof (fault as { type?: unknown }).type !== 'string'
    ) {
      throw new Error(`Fault rule ${index} needs a "fault" object with a "type"`);
    }
  });
  return content as FaultRule[];
}
