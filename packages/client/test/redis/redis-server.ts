import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';

/** A redis-server this test started on a free loopback port, in a temp dir, without persistence. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: no goodbye to clients, like a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops it and removes its temp dir. */
  stop(): Promise<void>;
}

/**
 * Path of redis-server, or undefined when it is not installed. `AICLIENT_REDIS_SERVER` names
 * another binary (a path that does not exist simulates a machine without Redis).
 */
export function redisServerBinary(): string | undefined {
  const named = process.env.AICLIENT_REDIS_SERVER;
  if (named !== undefined && named !== '') return existsSync(named) ? named : undefined;
  try {
    return (
      execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/** True when a missing redis-server must fail the run (CI, or AICLIENT_REQUIRE_REDIS=1). */
export function redisRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') ||
    env.AICLIENT_REQUIRE_REDIS === '1'
  );
}

/**
 * Registers `register` when redis-server is installed. Otherwise registers one test that fails
 * with a clear message under CI / AICLIENT_REQUIRE_REDIS=1, or passes while saying loudly that
 * the Redis tests did not run (a skip would hide it in the summary).
 */
export function withRedisServer(name: string, register: () => void): void {
  if (redisServerBinary() !== undefined) {
    register();
    return;
  }
  it(`${name}: redis-server is not installed, so these Redis tests did NOT run`, () => {
    const message =
      `redis-server was not found on PATH: the Redis integration tests (${name}) did not run. ` +
      'Install it (apt-get install redis-server).';
    if (redisRequired()) {
      throw new Error(`${message} CI or AICLIENT_REQUIRE_REDIS=1 requires them.`);
    }
    console.warn(`${message} Set AICLIENT_REQUIRE_REDIS=1 to make this a failure.`);
  });
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

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Starts redis-server on a free 127.0.0.1 port with a temp dir and no persistence. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerBinary();
  if (binary === undefined) throw new Error('redis-server is not installed');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aiclient-redis-'));
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
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
    await waitFor(() => canConnect(port), 10_000, `redis-server on port ${port}`);
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => halt('SIGKILL'),
    restart: launch,
    async stop() {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
