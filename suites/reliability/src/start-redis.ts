import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A throw-away redis-server on a loopback port that can be stopped and started again. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` (the same across restarts). */
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

/** Why the Redis checks may not run, for the report. */
export const REDIS_MISSING = 'redis-server is not installed: the Redis checks did not run';

/** The redis-server binary: env `REDIS_SERVER_BIN`, else `redis-server`. */
export function redisBinary(): string {
  return process.env.REDIS_SERVER_BIN ?? 'redis-server';
}

/** True when redis-server can be started here. */
export function redisAvailable(binary = redisBinary()): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * True when a missing redis-server must fail the run (CI, or `AICLIENT_REQUIRE_REDIS=1`)
 * instead of being reported as not run.
 */
export function redisRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') ||
    env.AICLIENT_REQUIRE_REDIS === '1'
  );
}

/** Starts redis-server on a free 127.0.0.1 port with no persistence in a temp folder. */
export async function startRedis(binary = redisBinary()): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aiclient-reliability-redis-'));
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
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
    const until = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (Date.now() > until || child.exitCode !== null) {
        throw new Error(`redis-server did not start on 127.0.0.1:${port}`);
      }
      await sleep(30);
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
