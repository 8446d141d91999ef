import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSseEvents } from './read-sse-events.js';
import { type RunningService, startService } from './start-service.js';
import { TRACE_ID_HEADER } from './trace-requests.js';

function projectKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return `sk-proj-${[...randomBytes(156)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

const KEY = projectKey();
const FAST = {
  requireApiKey: true,
  maxAttempts: 2,
  retryBaseDelayMs: 10,
  retryMaxDelayMs: 50,
  streamFirstChunkTimeoutMs: 2_000,
  streamIdleTimeoutMs: 2_000,
} as const;

let mock: MockOpenAI;
const dirs: string[] = [];
const logDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sample-e2e-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  // Request validation on: every body the service sends is checked against OpenAI's spec.
  mock = await startMockOpenAI({ keys: [KEY], onWarning: () => {} });
});

afterAll(async () => {
  await mock.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const askInit = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('the service against the testkit', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: mock.url },
      overrides: FAST,
      logDir: logDir(),
      consoleLevel: 'silent',
    });
  });

  afterAll(async () => {
    await service.shutdown();
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${service.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready: config valid, key verified, upstream reachable', async () => {
    const response = await fetch(`${service.url}/readyz`);
    const report = (await response.json()) as { ready: boolean; checks: { name: string }[] };
    expect(response.status).toBe(200);
    expect(report.ready).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(['config', 'key', 'upstream', 'draining']);
  });

  it('answers a prompt as JSON with usage and a trace id', async () => {
    const response = await fetch(`${service.url}/v1/ask`, askInit({ prompt: 'Say hello' }));
    expect(response.status).toBe(200);
    expect(response.headers.get(TRACE_ID_HEADER)).toMatch(/^[0-9a-f]{32}$/);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ model: expect.stringContaining('gpt-4o-mini') });
    expect(answer.text).toEqual(expect.any(String));
    expect(answer.usage).toMatchObject({ inputTokens: expect.any(Number) });
    const sent = mock.requests().at(-1);
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.status).toBe(200);
  });

  it('streams an answer as server-sent events', async () => {
    const response = await fetch(
      `${service.url}/v1/ask`,
      askInit({ prompt: 'Count', stream: true }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = [];
    for await (const event of readSseEvents(response.body!)) events.push(event);
    expect(events.length).toBeGreaterThan(1);
    expect(events.slice(0, -1).every((e) => e.event === 'delta')).toBe(true);
    expect(events.at(-1)?.event).toBe('done');
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({
      usage: { outputTokens: expect.any(Number) },
    });
  });

  it('rejects a bad body with 400 and a clear message', async () => {
    const response = await fetch(`${service.url}/v1/ask`, askInit({ promt: 'typo' }));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error.code).toBe('AI-API-004');
    expect(error.message).toContain('invalid request body');
    expect(error.message).toContain('promt');
    expect(error.errorId).toEqual(expect.any(String));
  });

  it('rejects an oversized body with 413 and a clear message', async () => {
    const response = await fetch(
      `${service.url}/v1/ask`,
      askInit({ prompt: 'x'.repeat(70 * 1024) }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { code: 'AI-API-004', message: 'request body exceeds the 65536-byte limit' },
    });
  });

  it('returns an upstream failure as JSON with its code, never a stack', async () => {
    mock.setFaults([{ fault: { type: 'context_length_exceeded' } }]);
    try {
      const response = await fetch(`${service.url}/v1/ask`, askInit({ prompt: 'long' }));
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'AI-API-007' } });
      expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
      expect(text).not.toContain(KEY.slice(8, 28));
    } finally {
      mock.clearFaults();
    }
  });

  it('cancels the upstream call when the caller goes away', async () => {
    mock.setFaults([{ fault: { type: 'latency', ms: 10_000 } }]);
    try {
      const before = mock.requests().length;
      const caller = new AbortController();
      const pending = fetch(`${service.url}/v1/ask`, {
        ...askInit({ prompt: 'never mind' }),
        signal: caller.signal,
      }).catch((err: unknown) => err);
      while (mock.requests().length === before) await new Promise((r) => setTimeout(r, 5));
      caller.abort();
      expect(await pending).toBeInstanceOf(Error);
      // The service aborted its own request instead of waiting 10 s for the answer.
      const deadline = Date.now() + 5_000;
      while (mock.stats().connections.open > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(mock.stats().connections.open).toBe(0);
    } finally {
      mock.clearFaults();
    }
  });

  it('serves Prometheus metrics of the calls made', async () => {
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('gen_ai_client_operation_duration');
    expect(text).toContain('aiclient_client_attempts');
  });
});

describe('shutdown', () => {
  it('lets an in-flight request complete, then stops and writes the telemetry file', async () => {
    const service = await startService({
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: mock.url },
      overrides: FAST,
      logDir: logDir(),
      consoleLevel: 'silent',
    });
    mock.setFaults([{ fault: { type: 'latency', ms: 400 } }]);
    try {
      const inFlight = fetch(`${service.url}/v1/ask`, askInit({ prompt: 'slow one' }));
      while (service.server.inFlight() === 0) await new Promise((r) => setTimeout(r, 5));
      const stopped = service.shutdown();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ text: expect.any(String) });
      await stopped;
      await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
      expect(existsSync(service.telemetryFile)).toBe(true);
      const file = JSON.parse(readFileSync(service.telemetryFile, 'utf8')) as { spans: unknown[] };
      expect(file.spans.length).toBeGreaterThan(0);
      expect(readFileSync(service.logFile, 'utf8')).toContain('"message":"drained"');
    } finally {
      mock.clearFaults();
    }
  });
});

describe('startup problems', () => {
  it('fails with the listen error when the port is taken, leaving nothing running', async () => {
    const first = await startService({
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: mock.url },
      overrides: FAST,
      logDir: logDir(),
      consoleLevel: 'silent',
    });
    try {
      await expect(
        startService({
          env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: mock.url },
          overrides: FAST,
          port: first.server.port,
          logDir: logDir(),
          consoleLevel: 'silent',
        }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.shutdown();
    }
  });
});

describe('readiness problems', () => {
  it('reports a rejected key as not ready', async () => {
    const service = await startService({
      env: { OPENAI_API_KEY: projectKey(), OPENAI_BASE_URL: mock.url },
      overrides: FAST,
      logDir: logDir(),
      consoleLevel: 'silent',
    });
    try {
      const response = await fetch(`${service.url}/readyz`);
      expect(response.status).toBe(503);
      const report = (await response.json()) as { checks: { name: string; ok: boolean }[] };
      expect(report.checks.find((c) => c.name === 'key')?.ok).toBe(false);
      expect(report.checks.find((c) => c.name === 'upstream')?.ok).toBe(true);
    } finally {
      await service.shutdown();
    }
  });

  it('keeps serving with an invalid configuration and explains it', async () => {
    const service = await startService({
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: mock.url, AICLIENT_TIMEOUT_MS: 'soon' },
      logDir: logDir(),
      consoleLevel: 'silent',
    });
    try {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${service.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain('AICLIENT_TIMEOUT_MS');
      const ask = await fetch(`${service.url}/v1/ask`, askInit({ prompt: 'hi' }));
      expect(ask.status).toBe(500);
      expect(await ask.json()).toMatchObject({ error: { code: 'AI-CONFIG-001' } });
    } finally {
      await service.shutdown();
    }
  });
});
