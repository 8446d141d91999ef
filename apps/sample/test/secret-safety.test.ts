import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectKey, removeTempDirs, runMain, tempDir } from './run-main.js';

const { key, body } = projectKey();
let mock: MockOpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({ keys: [key], validateRequests: false });
});
afterAll(async () => {
  await mock.close();
  removeTempDirs();
});

it('never writes a project key to stdout, stderr, the log file or the telemetry file', {
  timeout: 40_000,
}, async () => {
  const logDir = tempDir();
  const run = await runMain(
    ['--log-dir', logDir],
    {
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: mock.url,
      // The most verbose logging, so a leak anywhere in the pipeline would show.
      AICLIENT_LOG_LEVEL: 'debug',
    },
    35_000,
  );
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('live');
  expect(run.stdout).toContain('Summary');
  // The calls did reach the mock, authenticated with the key.
  const answered = mock.requests().filter((r) => r.path === '/v1/chat/completions');
  expect(answered.length).toBeGreaterThan(0);
  expect(answered.every((r) => r.status === 200)).toBe(true);
  const log = readFileSync(join(logDir, 'sample.log'), 'utf8');
  const telemetry = readFileSync(join(logDir, 'telemetry.json'), 'utf8');
  expect(log).toContain('"level":"debug"');
  expect(telemetry).toContain('"spans"');
  const outputs = { stdout: run.stdout, stderr: run.stderr, log, telemetry };
  for (const [name, text] of Object.entries(outputs)) {
    expect(text.includes(body), `${name} holds the key body`).toBe(false);
    for (let start = 0; start + 20 <= body.length; start++) {
      const slice = body.slice(start, start + 20);
      expect(text.includes(slice), `${name} holds the key slice at ${start}`).toBe(false);
    }
  }
});
