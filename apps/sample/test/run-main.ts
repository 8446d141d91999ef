import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built app, as `npm start` runs it (turbo builds before testing). */
export const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');

/** What a finished run of the app printed. */
export interface MainRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built app with only PATH and `env`: nothing leaks in from the developer's shell. */
export function spawnMain(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs the built app to its exit; kills it and rejects after `timeoutMs`. */
export function runMain(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  timeoutMs = 25_000,
): Promise<MainRun> {
  return new Promise((resolve, reject) => {
    const child = spawnMain(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.js did not exit in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Temporary folders removed by {@link removeTempDirs}. */
const dirs: string[] = [];

/** A fresh temporary folder (a log dir). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sample-main-'));
  dirs.push(dir);
  return dir;
}

/** Removes every folder {@link tempDir} made. */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A key shaped like an OpenAI project key: `sk-proj-` and 156 random letters, digits, - and _. */
export function projectKey(): { key: string; body: string } {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bytes = new Uint8Array(156);
  globalThis.crypto.getRandomValues(bytes);
  const body = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return { key: `sk-proj-${body}`, body };
}
