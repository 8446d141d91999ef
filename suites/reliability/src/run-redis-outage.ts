import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RedisServer } from '@aiclient/testkit';

/** Counts one worker process reported. */
export interface WorkerCounts {
  calls: number;
  successes: number;
  failures: Record<string, number>;
  /** Times the worker logged that Redis became unreachable / came back. */
  degraded: number;
  restored: number;
}

/** Figures of one outage run; `violations` lists every broken guarantee. */
export interface RedisOutageReport {
  workers: WorkerCounts[];
  calls: number;
  failures: number;
  outageMs: number;
  violations: string[];
}

/** Options of {@link runRedisOutage}. */
export interface RedisOutageOptions {
  redis: RedisServer;
  mockUrl: string;
  keys: readonly string[];
  /** Worker processes. @default 4 */
  processes?: number;
  /** How long each worker makes calls. @default 6000 */
  durationMs?: number;
  /** When Redis is killed, after every worker is making calls. @default 1500 */
  stopAfterMs?: number;
  /** How long it stays down. @default 1500 */
  outageMs?: number;
  /** Self-test only: workers add a stage that needs Redis on every call. */
  brokenClient?: boolean;
}

const WORKER = fileURLToPath(new URL('./redis-worker-main.ts', import.meta.url));

/**
 * Runs `processes` workers sharing one Redis, kills Redis mid-run and starts it again, and
 * checks that no call failed because of it (every call of every worker succeeds) and that the
 * workers noticed the outage (so the check is not vacuous).
 */
export async function runRedisOutage(options: RedisOutageOptions): Promise<RedisOutageReport> {
  const { redis } = options;
  const processes = options.processes ?? 4;
  const durationMs = options.durationMs ?? 6_000;
  const outageMs = options.outageMs ?? 1_500;
  let ready = 0;
  let allReady: () => void = () => undefined;
  const everyoneReady = new Promise<void>((resolve) => {
    allReady = resolve;
  });
  const runs = Array.from({ length: processes }, (_, id) => {
    const child = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        WORKER_ID: String(id),
        WORKER_KEYS: options.keys.join(','),
        WORKER_MOCK_URL: options.mockUrl,
        WORKER_REDIS_URL: redis.url,
        WORKER_DURATION_MS: String(durationMs),
        WORKER_BREAK: options.brokenClient === true ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let counted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!counted && out.includes('ready\n')) {
        counted = true;
        ready++;
        if (ready === processes) allReady();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    return new Promise<WorkerCounts>((resolve, reject) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), durationMs + 30_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        const line = out.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line) as WorkerCounts);
        } catch {
          reject(new Error(`worker ${id} exited ${code} without counts:\n${out}\n${err}`));
        }
      });
    });
  });
  // Workers take a while to load on a busy machine: start the clock once all of them call.
  await Promise.race([everyoneReady, Promise.allSettled(runs)]);
  await new Promise((resolve) => setTimeout(resolve, options.stopAfterMs ?? 1_500));
  await redis.kill();
  await new Promise((resolve) => setTimeout(resolve, outageMs));
  await redis.restart();
  const workers = await Promise.all(runs);
  const calls = workers.reduce((sum, w) => sum + w.calls, 0);
  const failures = workers.reduce(
    (sum, w) => sum + Object.values(w.failures).reduce((a, b) => a + b, 0),
    0,
  );
  const report: RedisOutageReport = { workers, calls, failures, outageMs, violations: [] };
  if (failures > 0) {
    const codes = workers.map((w) => JSON.stringify(w.failures)).join(' ');
    report.violations.push(
      `${failures} of ${calls} calls failed during the Redis outage: ${codes}`,
    );
  }
  if (workers.some((w) => w.calls === 0)) report.violations.push('a worker made no call');
  if (!workers.some((w) => w.degraded > 0)) {
    report.violations.push('no worker noticed the outage: the check did not exercise it');
  }
  return report;
}
