import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A running sample service (the built app as `npm start -- --serve --no-demo` runs it). */
export interface SampleService {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far. */
  output(): string;
  /** The JSON-lines log file it writes. */
  logText(): string;
  /** True while the process runs. */
  alive(): boolean;
  /** SIGTERM, wait for the exit, remove the log folder. */
  stop(): Promise<void>;
}

/** Path of the built sample app (turbo builds it before this package's tests). */
export function sampleMainPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@aiclient/sample/package.json')), 'dist', 'main.js');
}

/**
 * Starts the sample service on a free port with only `env` (and PATH) in its environment, and
 * resolves once it prints its URL.
 */
export async function startSampleService(
  env: Readonly<Record<string, string>>,
  timeoutMs = 20_000,
): Promise<SampleService> {
  const logDir = mkdtempSync(join(tmpdir(), 'aiclient-reliability-sample-'));
  const child = spawn(
    process.execPath,
    [sampleMainPath(), '--serve', '--no-demo', '--port', '0', '--log-dir', logDir],
    {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sample did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const look = (): void => {
      const found = /Serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sample exited early (${code}):\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    logText: () => {
      try {
        return readFileSync(join(logDir, 'sample.log'), 'utf8');
      } catch {
        return '';
      }
    },
    alive: () => !exited,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
