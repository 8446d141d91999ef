import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLIENT_CPU, pinnedCommand } from './pinned-command.ts';

/** Where bare specifiers resolve: the bench package, which depends on every measured module. */
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Milliseconds a fresh Node process (pinned to the client CPU) spends in `await import(spec)`:
 * module resolution, loading, compiling and evaluating the module graph, nothing else.
 */
export function measureImport(specifier: string, { pin = true } = {}): Promise<number> {
  const code = [
    `const t0 = performance.now();`,
    `await import(${JSON.stringify(specifier)});`,
    `process.stdout.write(String(performance.now() - t0));`,
  ].join('\n');
  const nodeArgs = ['--input-type=module', '-e', code];
  const { command, args } = pin
    ? pinnedCommand(CLIENT_CPU, process.execPath, nodeArgs)
    : { command: process.execPath, args: nodeArgs };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
    });
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      stderr += t;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(stdout);
      if (code === 0 && Number.isFinite(ms)) resolve(ms);
      else
        reject(new Error(`import('${specifier}') failed: ${stderr.trim().split('\n')[0] ?? code}`));
    });
  });
}
