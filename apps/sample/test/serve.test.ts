import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { MAIN, removeTempDirs, runMain, spawnMain, tempDir } from './run-main.js';

afterAll(removeTempDirs);

it('is built', () => {
  expect(existsSync(MAIN)).toBe(true);
});

it('lists its options with --help and rejects unknown ones', async () => {
  const help = await runMain(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('--serve');
  const bad = await runMain(['--bogus']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--help');
});

it('keeps serving with --serve until SIGTERM, then drains and exits 0', {
  timeout: 40_000,
}, async () => {
  const child = spawnMain(['--no-demo', '--port', '0', '--log-dir', tempDir()]);
  let stdout = '';
  const serving = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /Serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.on('exit', () => reject(new Error(`exited early:\n${stdout}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const url = await serving;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const ask = await fetch(`${url}/v1/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Hello' }),
    });
    expect(ask.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    // A failed assertion must not leave the service running.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  expect(stdout).toContain('SIGTERM: draining in-flight requests');
});

it('stops the demo batch at once on SIGINT, exiting 130', { timeout: 40_000 }, async () => {
  const child = spawnMain(['--log-dir', tempDir()]);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Running ')) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('SIGINT: demo interrupted');
    expect(stdout).not.toContain('Summary');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
