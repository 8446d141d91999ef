import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findFreePort } from './find-free-port.ts';

/** A running local registry. */
export interface LocalRegistry {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  /** Process id of the Verdaccio server, the only process {@link LocalRegistry.stop} ends. */
  pid: number;
  /** Where published tarballs land (`<storage>/@aiclient/<name>/<name>-<version>.tgz`). */
  storageDir: string;
  /** Stops the server by its process id; safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startVerdaccio}. */
export interface StartVerdaccioOptions {
  /** Throwaway folder for config, storage and log. */
  workDir: string;
  /** Package scope served (and accepting anonymous publishes). @default '@aiclient' */
  scope?: string;
  /** Gives up when the server does not answer this soon (each attempt). @default 30000 */
  startTimeoutMs?: number;
  /** Picks the port of each attempt; tests hand out a taken one. @default findFreePort */
  findPort?: () => Promise<number>;
}

/**
 * Attempts, each on a fresh free port, when Verdaccio finds its port taken: the port is free
 * when picked but only bound seconds later, once Verdaccio has loaded, and another process may
 * take it in between.
 */
const FREE_PORT_ATTEMPTS = 3;
const PORT_IN_USE = /EADDRINUSE|address already in use/i;

const requireHere = createRequire(import.meta.url);

/**
 * Starts Verdaccio on a free loopback port serving only `scope`: no uplink, so everything else
 * is resolved by the consumer's own registry (scoped `.npmrc`). Web UI and audit are off. When
 * another process took the port before Verdaccio bound it, starts again on a new one (up to
 * {@link FREE_PORT_ATTEMPTS} ports).
 */
export async function startVerdaccio({
  workDir,
  scope = '@aiclient',
  startTimeoutMs = 30_000,
  findPort = findFreePort,
}: StartVerdaccioOptions): Promise<LocalRegistry> {
  for (let attempt = 1; ; attempt++) {
    const port = await findPort();
    const registry = await startOnPort(workDir, scope, port, startTimeoutMs);
    if (registry !== 'port_in_use') return registry;
    if (attempt >= FREE_PORT_ATTEMPTS) {
      throw new Error(
        `Verdaccio could not listen on 127.0.0.1: ${FREE_PORT_ATTEMPTS} free ports in a row were taken before it bound them (the last ${port})`,
      );
    }
  }
}

/** One start on `port`: the running registry, or 'port_in_use' when Verdaccio exited on it. */
async function startOnPort(
  workDir: string,
  scope: string,
  port: number,
  startTimeoutMs: number,
): Promise<LocalRegistry | 'port_in_use'> {
  const storageDir = join(workDir, 'storage');
  mkdirSync(storageDir, { recursive: true });
  const configPath = join(workDir, 'config.yaml');
  writeFileSync(
    configPath,
    [
      `storage: ${JSON.stringify(storageDir)}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(workDir, 'htpasswd'))}`,
      '    max_users: -1',
      'uplinks: {}',
      'packages:',
      `  '${scope}/*':`,
      '    access: $all',
      '    publish: $all',
      '    unpublish: $all',
      "  '**':",
      '    access: $all',
      'middlewares:',
      '  audit:',
      '    enabled: false',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      `listen: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  const bin = join(dirname(requireHere.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
  const child = spawn(process.execPath, [bin, '--config', configPath], {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // 'close' comes after the output is read in full, including why it gave up.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('Verdaccio did not start (no process id)');
  const url = `http://127.0.0.1:${port}/`;
  const registry: LocalRegistry = {
    url,
    port,
    pid,
    storageDir,
    stop: () => stopChild(child),
  };
  try {
    await waitUntilUp(url, child, startTimeoutMs);
  } catch (error) {
    await registry.stop();
    await closed;
    if (child.exitCode !== 0 && PORT_IN_USE.test(log)) return 'port_in_use';
    throw new Error(`Verdaccio did not come up on ${url}: ${(error as Error).message}\n${log}`);
  }
  return registry;
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2000) });
      // An answer counts only while our process runs: the port could belong to someone else.
      if (response.ok && child.exitCode === null) return;
    } catch {
      // Not listening yet: poll again.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`no answer within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      // SIGTERM ignored for too long: end it for good, still by its own id.
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }, 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    process.kill(child.pid as number, 'SIGTERM');
  });
}
