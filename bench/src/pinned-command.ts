import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

let tasksetAvailable: boolean | undefined;

/**
 * The command line that runs `args` with `command` on one CPU (`taskset -c <cpu>`), so the server
 * and the client under test each get their own core, as the suite promises. Falls back to an
 * unpinned command on a one-core machine or without taskset.
 */
export function pinnedCommand(
  cpu: number,
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  tasksetAvailable ??= spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
  if (!tasksetAvailable || availableParallelism() < 2) return { command, args: [...args] };
  return { command: 'taskset', args: ['-c', String(cpu), command, ...args] };
}

/** CPU the server runs on. */
export const SERVER_CPU = 0;
/** CPU the clients under test run on. */
export const CLIENT_CPU = 1;
