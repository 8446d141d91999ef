import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeTempDirs, runMain, tempDir } from './run-main.js';

afterAll(removeTempDirs);

// A child process doing 19 calls: typically 5-15 s on a busy 2-core machine; bounded at 45 s.
it('runs the offline demo without a key: exits 0 with the summary and a span tree', {
  timeout: 45_000,
}, async () => {
  const logDir = tempDir();
  const run = await runMain(['--log-dir', logDir], {}, 40_000);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const out = run.stdout;
  expect(out).toContain('offline demo');
  expect(out).toContain('Summary');
  const steps = [
    'plain',
    'streamed',
    'cached',
    '429 burst',
    'stalled stream',
    '5xx → fallback',
    'wrong key',
    'missing key',
  ];
  for (const step of steps) expect(out).toContain(step);
  for (const code of ['AI-API-001', 'AI-CLIENT-001', 'AI-API-012']) expect(out).toContain(code);
  const value = (label: string): number => Number(new RegExp(`${label}\\s+(\\d+)`).exec(out)?.[1]);
  expect(value('calls')).toBe(19);
  expect(value('retries')).toBeGreaterThan(0);
  expect(value('fallbacks')).toBeGreaterThan(0);
  expect(value('cache hits')).toBeGreaterThan(0);
  expect(out).toMatch(
    /Span tree of a retried call[\s\S]*attempt 1 .*429.*wait[\s\S]*attempt 2 .*200/,
  );
  expect(out).toMatch(/Summary ready \d+\.\d s after start/);
  expect(existsSync(join(logDir, 'sample.log'))).toBe(true);
  expect(existsSync(join(logDir, 'telemetry.json'))).toBe(true);
});

it('stops before any call with every configuration problem listed, exiting 1', async () => {
  const run = await runMain(['--log-dir', tempDir()], {
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    AICLIENT_TIMEOUT_MS: 'soon',
    AICLIENT_MAX_ATTEMPTS: '0',
  });
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('live: calls go to http://127.0.0.1:9/v1');
  expect(run.stdout).toContain('Configuration problem');
  expect(run.stdout).toMatch(
    /AI-CONFIG-001: timeoutMs \(AICLIENT_TIMEOUT_MS\): .+\n {2}maxAttempts \(AICLIENT_MAX_ATTEMPTS\)/,
  );
  expect(run.stdout).not.toContain('Running');
});
