import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(packageDir, 'bin', 'aiclient-mock-openai.js');
let child: ChildProcess | undefined;

afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

function start(args: string[]): Promise<{ url: string; process: ChildProcess }> {
  // The bin imports ../dist/cli.js: the package's test task runs after its build.
  expect(existsSync(join(packageDir, 'dist', 'cli.js')), 'run the build first').toBe(true);
  const spawned = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = spawned;
  return new Promise((resolve, reject) => {
    let output = '';
    spawned.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('http://'));
      if (line !== undefined) resolve({ url: line.trim(), process: spawned });
    });
    spawned.once('exit', (code) => reject(new Error(`CLI exited early (${code}): ${output}`)));
  });
}

function exited(process: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => process.once('exit', (code) => resolve(code)));
}

describe('aiclient-mock-openai CLI', () => {
  it('prints the URL, serves with the given keys and faults, and exits cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiclient-cli-'));
    const faults = join(dir, 'faults.json');
    writeFileSync(
      faults,
      JSON.stringify([{ times: 1, fault: { type: 'server_error', status: 503 } }]),
    );
    const { url, process } = await start([
      '--port',
      '0',
      '--no-validate',
      '--keys',
      'sk-cli',
      '--faults',
      faults,
      '--seed',
      '3',
    ]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const post = (key: string) =>
      fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await post('sk-other')).status).toBe(401);
    expect((await post('sk-cli')).status).toBe(503);
    expect((await post('sk-cli')).status).toBe(200);
    const exit = exited(process);
    process.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('exits cleanly on SIGINT', async () => {
    const { process } = await start(['--no-validate']);
    const exit = exited(process);
    process.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('exits with code 2 and the usage on a bad argument', async () => {
    const spawned = spawn(process.execPath, [bin, '--bogus'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    let stderr = '';
    spawned.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    expect(await exited(spawned)).toBe(2);
    expect(stderr).toContain('Unknown argument: --bogus');
    expect(stderr).toContain('Usage: aiclient-mock-openai');
  });
});
