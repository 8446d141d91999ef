import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CLIENT_CPU, pinnedCommand } from './pinned-command.ts';
import type { WorkerJob, WorkerOutput } from './worker-job.ts';

const WORKER = fileURLToPath(new URL('./worker-cli.ts', import.meta.url));
const RESULT_PREFIX = '@@bench-result ';

/** Options of {@link spawnWorker}. */
export interface SpawnWorkerOptions {
  /** Kills the worker after this long. @default 120000 */
  readonly timeoutMs?: number;
  /**
   * Pin the worker to the client CPU. Off only when several workers run at once (smoke mode),
   * where one CPU for all would just serialize them. @default true
   */
  readonly pin?: boolean;
  /**
   * Retries after a failure (after `retryDelayMs`): a package's `dist` rebuilt by turbo in
   * another shell while the suite runs fails one worker, not a contender's round. @default 1
   */
  readonly retries?: number;
  /** @default 3000 */
  readonly retryDelayMs?: number;
}

/**
 * Runs a job in a fresh Node process pinned to the client CPU and resolves with its result;
 * rejects with the worker's own error message when the job failed.
 */
export async function spawnWorker<T>(
  job: WorkerJob,
  { retries = 1, retryDelayMs = 3_000, ...options }: SpawnWorkerOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runWorker<T>(job, options);
    } catch (error) {
      if (attempt >= retries) throw error;
      await sleep(retryDelayMs);
    }
  }
}

function runWorker<T>(
  job: WorkerJob,
  { timeoutMs = 120_000, pin = true }: SpawnWorkerOptions,
): Promise<T> {
  const nodeArgs = ['--expose-gc', '--no-warnings', WORKER, JSON.stringify(job)];
  const { command, args } = pin
    ? pinnedCommand(CLIENT_CPU, process.execPath, nodeArgs)
    : { command: process.execPath, args: nodeArgs };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line === undefined) {
        const why = signal === null ? `exit code ${code}` : `signal ${signal}`;
        reject(new Error(`${job.kind} worker produced no result (${why}): ${stderr.slice(-500)}`));
        return;
      }
      const output = JSON.parse(line.slice(RESULT_PREFIX.length)) as WorkerOutput;
      if (output.ok) resolve(output.result as T);
      else reject(new Error(output.error));
    });
  });
}
