import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A redis-server started for the benchmark. */
export interface RedisProcess {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/** Why Redis rows are absent, for the table. */
export const REDIS_NOT_INSTALLED = 'not run: redis-server not installed';

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** The redis-server binary. @default env REDIS_SERVER_BIN, else 'redis-server' */
  readonly binary?: string;
  readonly timeoutMs?: number;
}

/**
 * Starts a throw-away redis-server on a free loopback port (no persistence, temp dir), or resolves
 * undefined when redis-server is not installed.
 */
export async function startRedis({
  binary = process.env.REDIS_SERVER_BIN ?? 'redis-server',
  timeoutMs = 10_000,
}: StartRedisOptions = {}): Promise<RedisProcess | undefined> {
  if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aiclient-bench-redis-'));
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await answersPing(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await close();
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await sleep(50);
  }
  return { url: `redis://127.0.0.1:${port}`, close };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
