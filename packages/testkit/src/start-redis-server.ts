import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link startRedisServer}; all optional. */
export interface StartRedisServerOptions {
  /**
   * The redis-server binary, a path or a name on the PATH.
   * @default env `REDIS_SERVER_BIN`, else `'redis-server'`
   */
  bin?: string;
  /**
   * TCP port on 127.0.0.1. @default a free port outside the kernel's ephemeral range (see
   * {@link RedisServer.restart})
   */
  port?: number;
  /** How long to wait for the server to be ready, at every (re)start. @default 10000 */
  startTimeoutMs?: number;
}

/** A throw-away redis-server on 127.0.0.1, in its own temp folder, without persistence. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** Process id of the running server; `undefined` after `kill()` or `stop()`. */
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its temp folder. Idempotent. */
  stop(): Promise<void>;
  /**
   * Sends `signal` (a signal that ends the process) and waits for it to exit; the temp folder
   * stays, so `restart()` can follow. SIGKILL gives clients no goodbye, like a crash.
   * @default 'SIGKILL'
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Stops the server if it runs, then starts it again, empty, on the same port. A port picked by
   * default lies outside the kernel's ephemeral range, so while the server is down the OS never
   * hands it to another process's `listen(0)` or outgoing connection; only a process binding
   * that very port could take it (then restart() rejects saying the port is in use).
   */
  restart(): Promise<void>;
}

const READY_LINE = /Ready to accept connections/;
const PORT_IN_USE = /Address already in use/i;
/** Attempts with a fresh free port when another process took the one picked (a race). */
const FREE_PORT_ATTEMPTS = 3;
const STOP_GRACE_MS = 5_000;
const PING_INTERVAL_MS = 50;
const OUTPUT_TAIL_CHARS = 2_000;
/** Ports the OS assigns itself (listen(0), outgoing connections), on Linux. */
const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';
/** Elsewhere (or unreadable): Linux's default, which also covers IANA's 49152-65535. */
const DEFAULT_EPHEMERAL_RANGE: readonly [number, number] = [32_768, 65_535];
/** The lowest port picked: many services' fixed defaults sit below it. */
const LOWEST_PICKED_PORT = 10_000;
/** Random ports tried for one free one before falling back to an OS-assigned port. */
const PORT_PICKS = 20;

/** The redis-server binary: env `REDIS_SERVER_BIN` when set and not empty, else `'redis-server'`. */
export function redisServerBin(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.REDIS_SERVER_BIN;
  return named !== undefined && named !== '' ? named : 'redis-server';
}

/** True when `bin --version` runs and exits 0, i.e. redis-server can be started here. */
export function redisServerAvailable(bin: string = redisServerBin()): boolean {
  return spawnSync(bin, ['--version'], { stdio: 'ignore', timeout: 5_000 }).status === 0;
}

/**
 * True when a missing redis-server must fail a run (env `CI` set and not `false`, or
 * `AICLIENT_REQUIRE_REDIS=1`) instead of being reported as not run.
 */
export function redisServerRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') ||
    env.AICLIENT_REQUIRE_REDIS === '1'
  );
}

/**
 * Starts redis-server on 127.0.0.1 (`--save '' --appendonly no`, a fresh temp folder) and
 * resolves once it is ready: it printed its ready line or answered PING. Rejects, naming the
 * binary and quoting its last output, when it cannot be started, exits early or is not ready
 * within `startTimeoutMs`.
 */
export async function startRedisServer({
  bin = redisServerBin(),
  port,
  startTimeoutMs = 10_000,
}: StartRedisServerOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'aiclient-redis-'));
  let child: ChildProcess | undefined;

  const launch = async (onPort: number): Promise<'ready' | 'port_in_use'> => {
    // stop() removed the folder; a restart after it still needs one.
    mkdirSync(dir, { recursive: true });
    const started = spawnRedis(bin, onPort, dir);
    child = started.child;
    try {
      return await waitUntilReady(started, bin, onPort, startTimeoutMs);
    } finally {
      if (started.child.exitCode !== null || started.child.signalCode !== null) child = undefined;
    }
  };
  const halt = async (signal: NodeJS.Signals, graceMs?: number): Promise<void> => {
    const running = child;
    child = undefined;
    if (running !== undefined) await endProcess(running, signal, graceMs);
  };

  let chosen: number | undefined;
  try {
    for (let attempt = 1; chosen === undefined; attempt++) {
      const candidate = port ?? (await freePortOutsideEphemeralRange());
      const outcome = await launch(candidate);
      if (outcome === 'ready') chosen = candidate;
      else if (port !== undefined || attempt >= FREE_PORT_ATTEMPTS) {
        throw new Error(`${bin} could not listen on 127.0.0.1:${candidate}: the port is in use`);
      }
    }
  } catch (error) {
    await halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const serverPort = chosen;

  return {
    url: `redis://127.0.0.1:${serverPort}`,
    port: serverPort,
    get pid() {
      return child?.pid;
    },
    async stop() {
      await halt('SIGTERM', STOP_GRACE_MS);
      rmSync(dir, { recursive: true, force: true });
    },
    kill: (signal = 'SIGKILL') => halt(signal),
    async restart() {
      await halt('SIGTERM', STOP_GRACE_MS);
      let outcome: 'ready' | 'port_in_use';
      try {
        outcome = await launch(serverPort);
      } catch (error) {
        await halt('SIGKILL');
        throw error;
      }
      if (outcome === 'port_in_use') {
        throw new Error(`${bin} could not listen on 127.0.0.1:${serverPort} again: it is in use`);
      }
    },
  };
}

interface SpawnedRedis {
  readonly child: ChildProcess;
  /** The last output lines (stdout and stderr), for error messages. */
  output(): string;
}

function spawnRedis(bin: string, port: number, dir: string): SpawnedRedis {
  const child = spawn(
    bin,
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
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  trackForExit(child);
  let tail = '';
  // Read the output for as long as the server runs: a full pipe would block its logging.
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Without a listener a failed spawn (ENOENT) would be an uncaught 'error' event.
  child.on('error', () => undefined);
  return { child, output: () => tail };
}

function waitUntilReady(
  { child, output }: SpawnedRedis,
  bin: string,
  port: number,
  timeoutMs: number,
): Promise<'ready' | 'port_in_use'> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let pingTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: 'ready' | 'port_in_use' | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(pingTimer);
      child.stdout?.off('data', onOutput);
      child.off('close', onClose);
      child.off('error', onError);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const lastOutput = (): string => {
      const text = output().trim();
      return text === '' ? '' : `; its last output: ${text.slice(-500)}`;
    };
    const onOutput = (): void => {
      if (READY_LINE.test(output())) finish('ready');
    };
    // 'close', not 'exit': by then the output is read in full, including why it gave up.
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (PORT_IN_USE.test(output())) {
        finish('port_in_use');
        return;
      }
      const how = signal === null ? `with code ${code}` : `on ${signal}`;
      finish(
        new Error(`${bin} exited ${how} before it was ready on 127.0.0.1:${port}${lastOutput()}`),
      );
    };
    const onError = (error: Error): void => {
      finish(new Error(`${bin} could not be started: ${error.message}`, { cause: error }));
    };
    const deadline = setTimeout(() => {
      finish(
        new Error(
          `${bin} was not ready on 127.0.0.1:${port} within ${timeoutMs} ms${lastOutput()}`,
        ),
      );
    }, timeoutMs);
    const poll = (): void => {
      void answersPing(port).then((pong) => {
        // A PONG only counts while our process runs: the port could belong to someone else.
        if (pong && child.exitCode === null && child.signalCode === null) finish('ready');
        else if (!settled) pingTimer = setTimeout(poll, PING_INTERVAL_MS);
      });
    };
    child.stdout?.on('data', onOutput);
    child.once('close', onClose);
    child.once('error', onError);
    onOutput();
    poll();
  });
}

/** Signals `child` and waits for its exit; after `graceMs` (when given) it is SIGKILLed. */
async function endProcess(
  child: ChildProcess,
  signal: NodeJS.Signals,
  graceMs?: number,
): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const escalate =
    graceMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(escalate);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test runner that exits without stop() must not leave redis-servers behind. */
function trackForExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const leftover of running) leftover.kill('SIGKILL');
  });
}

function ephemeralPortRange(): readonly [number, number] {
  try {
    const [low, high] = readFileSync(EPHEMERAL_RANGE_FILE, 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low as number, high as number];
  } catch {
    // Not Linux: assume the default.
  }
  return DEFAULT_EPHEMERAL_RANGE;
}

/**
 * A free port that the OS does not hand out by itself, so it stays ours across restarts; an
 * OS-assigned one when no such port is found (an ephemeral range covering nearly every port).
 */
async function freePortOutsideEphemeralRange(): Promise<number> {
  const [low, high] = ephemeralPortRange();
  const spans = (
    [
      [LOWEST_PICKED_PORT, low - 1],
      [Math.max(high + 1, LOWEST_PICKED_PORT), 65_535],
    ] satisfies [number, number][]
  ).filter(([from, to]) => from <= to);
  const total = spans.reduce((sum, [from, to]) => sum + to - from + 1, 0);
  for (let pick = 0; total > 0 && pick < PORT_PICKS; pick++) {
    let index = Math.floor(Math.random() * total);
    for (const [from, to] of spans) {
      const size = to - from + 1;
      if (index < size) {
        if (await isFree(from + index)) return from + index;
        break;
      }
      index -= size;
    }
  }
  return freePort();
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
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

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (pong: boolean): void => {
      socket.destroy();
      resolve(pong);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
