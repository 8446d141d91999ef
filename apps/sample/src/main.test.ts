import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built app, as `npm start` runs it (turbo builds before testing).
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runMain(args: string[], env: Record<string, string>, timeoutMs = 25_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      // Only what the app needs: no OPENAI_* leaking in from the developer's shell.
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sample-main-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it('is built', () => {
  expect(existsSync(MAIN)).toBe(true);
});

it('lists its options with --help and rejects unknown ones', async () => {
  const help = await runMain(['--help'], {});
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('--serve');
  const bad = await runMain(['--bogus'], {});
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--help');
});

it('runs the offline demo without a key: exits 0 with the summary and a span tree', async () => {
  const logDir = tempDir();
  const run = await runMain(['--log-dir', logDir], {});
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const out = run.stdout;
  expect(out).toContain('offline demo');
  expect(out).toContain('Summary');
  for (const step of [
    'plain',
    'streamed',
    'cached',
    '429 burst',
    '5xx → fallback',
    'stalled stream',
    'wrong key',
    'missing key',
  ]) {
    expect(out).toContain(step);
  }
  for (const code of ['AI-API-001', 'AI-CLIENT-001', 'AI-API-012']) expect(out).toContain(code);
  const value = (label: string): number => Number(new RegExp(`${label}\\s+(\\d+)`).exec(out)?.[1]);
  expect(value('calls')).toBe(19);
  expect(value('retries')).toBeGreaterThan(0);
  expect(value('fallbacks')).toBeGreaterThan(0);
  expect(value('cache hits')).toBeGreaterThan(0);
  expect(out).toMatch(/Span tree of a retried call[\s\S]*attempt[\s\S]*429/);
  expect(existsSync(join(logDir, 'sample.log'))).toBe(true);
  expect(existsSync(join(logDir, 'telemetry.json'))).toBe(true);
});

describe('with a real-looking project key', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const body = [...randomBytes(156)].map((b) => alphabet[b % alphabet.length]).join('');
  const key = `sk-proj-${body}`;
  let mock: MockOpenAI;

  beforeAll(async () => {
    mock = await startMockOpenAI({ keys: [key], validateRequests: false });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('never writes the key to stdout, stderr, the log file or the telemetry file', async () => {
    const logDir = tempDir();
    const run = await runMain(['--log-dir', logDir], {
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: mock.url,
      AICLIENT_LOG_LEVEL: 'debug',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('live');
    expect(run.stdout).toContain('Summary');
    // The calls did reach the mock with the key.
    expect(mock.requests().some((r) => r.path === '/v1/chat/completions' && r.status === 200)).toBe(
      true,
    );
    const log = readFileSync(join(logDir, 'sample.log'), 'utf8');
    const telemetry = readFileSync(join(logDir, 'telemetry.json'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(telemetry).toContain('"spans"');
    for (const [name, text] of Object.entries({
      stdout: run.stdout,
      stderr: run.stderr,
      log,
      telemetry,
    })) {
      expect(text.includes(body), `${name} holds the key body`).toBe(false);
      for (let start = 0; start + 20 <= body.length; start++) {
        const slice = body.slice(start, start + 20);
        if (text.includes(slice))
          throw new Error(`${name} holds a 20-char slice of the key: ${start}`);
      }
    }
  });
});
