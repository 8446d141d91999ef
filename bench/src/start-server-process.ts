import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pinnedCommand, SERVER_CPU } from './pinned-command.ts';

const SERVER = fileURLToPath(new URL('./server-cli.ts', import.meta.url));

/** The testkit server running in its own process. */
export interface ServerProcess {
  /** Base URL ending in `/v1`. */
  readonly url: string;
  /** User + system CPU time the server process has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the testkit in a child process pinned to the server CPU, so its work never lands on the
 * client's CPU bill and the two do not compete for one core.
 */
export async function startServerProcess({ timeoutMs = 30_000 } = {}): Promise<ServerProcess> {
  const { command, args } = pinnedCommand(SERVER_CPU, process.execPath, ['--no-warnings', SERVER]);
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('testkit server did not start in time'));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`testkit server exited with code ${code}`)));
    child.on('message', function onMessage(message: unknown) {
      if (isRecord(message) && typeof message.url === 'string') {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message.url);
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    cpuMicros: () => requestCpu(child),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send('close');
      }),
  };
}

function requestCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('testkit server did not report CPU')), 5_000);
    child.on('message', function onMessage(message: unknown) {
      if (isRecord(message) && isRecord(message.cpu)) {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(Number(message.cpu.user) + Number(message.cpu.system));
      }
    });
    child.send('cpu');
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
