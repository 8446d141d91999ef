import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RedisServer,
  redisServerAvailable,
  redisServerBin,
  redisServerRequired,
  startRedisServer,
} from './start-redis-server';

/** Sends one inline command and resolves with the first reply line. */
function send(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      reject(new Error('no reply'));
    });
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().split('\r\n')[0] ?? '');
    });
    socket.once('error', reject);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (killed, not yet reaped by whoever adopted it) is dead too.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** For a process that is not our child: its SIGKILL lands a moment after the sender exits. */
async function diesWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';

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

describe('redisServerBin / redisServerAvailable / redisServerRequired', () => {
  it('takes the binary from REDIS_SERVER_BIN unless it is empty', () => {
    expect(redisServerBin({})).toBe('redis-server');
    expect(redisServerBin({ REDIS_SERVER_BIN: '' })).toBe('redis-server');
    expect(redisServerBin({ REDIS_SERVER_BIN: '/opt/redis/bin/redis-server' })).toBe(
      '/opt/redis/bin/redis-server',
    );
  });

  it('is not available when the binary does not exist or fails', () => {
    expect(redisServerAvailable('/nonexistent/redis-server')).toBe(false);
    expect(redisServerAvailable('false')).toBe(false);
  });

  it('requires Redis under CI or AICLIENT_REQUIRE_REDIS=1 only', () => {
    expect(redisServerRequired({})).toBe(false);
    expect(redisServerRequired({ CI: 'true' })).toBe(true);
    expect(redisServerRequired({ CI: '1' })).toBe(true);
    expect(redisServerRequired({ CI: 'false' })).toBe(false);
    expect(redisServerRequired({ CI: '' })).toBe(false);
    expect(redisServerRequired({ AICLIENT_REQUIRE_REDIS: '1' })).toBe(true);
    expect(redisServerRequired({ AICLIENT_REQUIRE_REDIS: '0' })).toBe(false);
  });
});

// Stand-ins for redis-server (shell scripts), so start, wait and stop are checked on every
// machine, with or without Redis installed.
describe('startRedisServer with a stand-in binary', () => {
  let dir: string;
  /** Writes an executable script; `$RECORD` in `body` is a file the test can read back. */
  const script = (name: string, body: string): { bin: string; record: string } => {
    const bin = join(dir, name);
    const record = join(dir, `${name}.record`);
    writeFileSync(bin, `#!/bin/sh\n${body.replaceAll('$RECORD', record)}\n`);
    chmodSync(bin, 0o755);
    return { bin, record };
  };
  const lines = (file: string): string[] =>
    existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aiclient-redis-test-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the loopback, no-persistence arguments and resolves on the ready line', async () => {
    // `exec` keeps the pid, so the recorded pid is the process startRedisServer manages.
    const { bin, record } = script(
      'ready',
      'echo "$$ $*" >> "$RECORD"\necho "* Ready to accept connections tcp"\nexec sleep 30',
    );
    const server = await startRedisServer({ bin });
    try {
      const [pid, ...args] = lines(record)[0]?.split(' ') ?? [];
      expect(Number(pid)).toBe(server.pid);
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
      // `--save ''` arrives as an empty argument, hence the double space.
      expect(args.join(' ')).toMatch(
        new RegExp(`^--port ${server.port} --bind 127\\.0\\.0\\.1 --save  --appendonly no --dir `),
      );
      const dataDir = args.at(-1) ?? '';
      expect(existsSync(dataDir)).toBe(true);

      await server.stop();
      expect(server.pid).toBeUndefined();
      expect(isAlive(Number(pid))).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
      await server.stop(); // a second stop is harmless
    } finally {
      await server.stop();
    }
  });

  it('kill() ends the process, restart() starts a new one on the same port', async () => {
    const { bin, record } = script(
      'restartable',
      'echo "$$ $2" >> "$RECORD"\necho "Ready to accept connections"\nexec sleep 30',
    );
    const server = await startRedisServer({ bin });
    try {
      const first = server.pid ?? -1;
      await server.kill();
      expect(server.pid).toBeUndefined();
      expect(isAlive(first)).toBe(false);

      await server.restart();
      const second = server.pid ?? -1;
      expect(second).not.toBe(first);
      expect(isAlive(second)).toBe(true);

      // restart() on a running server stops it first instead of leaving it behind.
      await server.restart();
      expect(isAlive(second)).toBe(false);
      expect(lines(record).map((line) => line.split(' ')[1])).toEqual([
        String(server.port),
        String(server.port),
        String(server.port),
      ]);
    } finally {
      await server.stop();
    }
  });

  it('kill(signal) sends that signal', async () => {
    const { bin, record } = script(
      'signal',
      'trap "echo got-usr1 >> \\"$RECORD\\"; exit 0" USR1\necho "Ready to accept connections"\nwhile :; do sleep 0.05; done',
    );
    const server = await startRedisServer({ bin });
    const pid = server.pid ?? -1;
    await server.kill('SIGUSR1');
    expect(isAlive(pid)).toBe(false);
    expect(lines(record)).toEqual(['got-usr1']);
    await server.stop();
  });

  it('kills the servers still running when the process that started them exits', async () => {
    const { bin, record } = script(
      'orphan',
      'echo $$ >> "$RECORD"\necho "Ready to accept connections"\nexec sleep 30',
    );
    const module = new URL('./start-redis-server.ts', import.meta.url).href;
    const program = `const { startRedisServer } = await import(${JSON.stringify(module)});
      await startRedisServer({ bin: ${JSON.stringify(bin)} });
      process.exit(0);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
      stdio: 'inherit',
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const [pid] = lines(record);
    expect(pid).toMatch(/^\d+$/);
    await expect(diesWithin(Number(pid), 5_000)).resolves.toBe(true);
  });

  it("picks a free port outside the kernel's ephemeral range, so listen(0) elsewhere never takes it while it is down", async () => {
    const { bin } = script('picked', 'echo "Ready to accept connections"\nexec sleep 30');
    const [low, high] = existsSync(EPHEMERAL_RANGE_FILE)
      ? readFileSync(EPHEMERAL_RANGE_FILE, 'utf8').trim().split(/\s+/).map(Number)
      : [32_768, 65_535];
    for (let i = 0; i < 5; i++) {
      const server = await startRedisServer({ bin });
      try {
        expect(server.port).toBeGreaterThanOrEqual(10_000);
        expect(
          server.port >= (low ?? 0) && server.port <= (high ?? 0),
          `port ${server.port} lies in the ephemeral range ${low}-${high}`,
        ).toBe(false);
        await server.kill();
        await server.restart();
        expect(server.pid).toBeGreaterThan(0);
      } finally {
        await server.stop();
      }
    }
  });

  it('uses the given port', async () => {
    const { bin } = script('fixed', 'echo "Ready to accept connections"\nexec sleep 30');
    const port = await freePort();
    const server = await startRedisServer({ bin, port });
    expect(server.port).toBe(port);
    expect(server.url).toBe(`redis://127.0.0.1:${port}`);
    await server.stop();
  });

  it('rejects, quoting the output, when the binary exits before it is ready', async () => {
    const { bin } = script('crashes', 'echo "FATAL CONFIG FILE ERROR" >&2\nexit 3');
    await expect(startRedisServer({ bin })).rejects.toThrow(
      /crashes exited with code 3 before it was ready on 127\.0\.0\.1:\d+; its last output: FATAL CONFIG FILE ERROR/,
    );
  });

  it('rejects when the binary does not exist', async () => {
    await expect(startRedisServer({ bin: join(dir, 'missing-redis-server') })).rejects.toThrow(
      /missing-redis-server could not be started: .*ENOENT/,
    );
  });

  it('rejects after startTimeoutMs and kills a server that never got ready', async () => {
    const { bin, record } = script('silent', 'echo $$ >> "$RECORD"\nexec sleep 30');
    await expect(startRedisServer({ bin, startTimeoutMs: 300 })).rejects.toThrow(
      /silent was not ready on 127\.0\.0\.1:\d+ within 300 ms/,
    );
    expect(isAlive(Number(lines(record)[0]))).toBe(false);
  });

  it('tries another free port when the one it picked was taken, three times at most', async () => {
    const { bin, record } = script(
      'port-taken',
      'echo "$2" >> "$RECORD"\necho "Could not create server TCP listening socket 127.0.0.1:$2: bind: Address already in use"\nexit 1',
    );
    await expect(startRedisServer({ bin })).rejects.toThrow(/the port is in use/);
    expect(lines(record)).toHaveLength(3);
  });

  it('does not try another port when the port was given', async () => {
    const { bin, record } = script(
      'port-given',
      'echo "$2" >> "$RECORD"\necho "bind: Address already in use"\nexit 1',
    );
    const port = await freePort();
    await expect(startRedisServer({ bin, port })).rejects.toThrow(
      `port-given could not listen on 127.0.0.1:${port}: the port is in use`,
    );
    expect(lines(record)).toEqual([String(port)]);
  });
});

if (redisServerAvailable()) {
  describe('startRedisServer with the real redis-server', () => {
    let server: RedisServer;
    beforeAll(async () => {
      server = await startRedisServer();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('answers PING on its loopback port', async () => {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(server.pid).toBeGreaterThan(0);
      await expect(send(server.port, 'PING')).resolves.toBe('+PONG');
    });

    it('is unreachable after kill() and back, empty, on the same port after restart()', async () => {
      await expect(send(server.port, 'SET aiclient:test 1')).resolves.toBe('+OK');
      await server.kill();
      await expect(send(server.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
      await server.restart();
      await expect(send(server.port, 'PING')).resolves.toBe('+PONG');
      // No persistence: the restarted server starts empty.
      await expect(send(server.port, 'EXISTS aiclient:test')).resolves.toBe(':0');
    });

    it('is gone after stop()', async () => {
      const pid = server.pid ?? -1;
      await server.stop();
      expect(isAlive(pid)).toBe(false);
      await expect(send(server.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    });
  });
} else {
  it('startRedisServer: redis-server is not installed, so the real-server tests did NOT run', () => {
    const message =
      `${redisServerBin()} was not found: the real redis-server tests of startRedisServer did not run. ` +
      'Install it (apt-get install redis-server) or set REDIS_SERVER_BIN.';
    if (redisServerRequired()) {
      throw new Error(`${message} CI or AICLIENT_REQUIRE_REDIS=1 requires them.`);
    }
    console.warn(`${message} Set AICLIENT_REQUIRE_REDIS=1 to make this a failure.`);
    expect(redisServerRequired()).toBe(false);
  });
}
