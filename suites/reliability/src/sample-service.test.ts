import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanaryKey } from './canary-key.ts';
import { findSecret } from './find-secret.ts';
import { type SampleService, startSampleService } from './start-sample-service.ts';

const canary = createCanaryKey();
let mock: MockOpenAI;
let service: SampleService;

/** Every HTTP answer the tests received, searched for the key at the end. */
const answers: Record<string, unknown> = {};

async function ask(name: string, init: RequestInit, path = '/v1/ask') {
  const response = await fetch(`${service.url}${path}`, { method: 'POST', ...init });
  const text = await response.text();
  answers[name] = { status: response.status, headers: [...response.headers], text };
  let json: { error?: { code?: string; message?: string; issues?: string[] } } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

beforeAll(async () => {
  // The mock accepts another key only: the service's canary key is rejected with 401.
  mock = await startMockOpenAI({
    keys: ['sk-sample-good-aaaaaaaaaaaaaaaaaaaaaa'],
    validateRequests: false,
    onWarning: () => undefined,
  });
  service = await startSampleService({
    OPENAI_API_KEY: canary.key,
    OPENAI_BASE_URL: mock.url,
    AICLIENT_LOG_LEVEL: 'debug',
    AICLIENT_CAPTURE_MESSAGE_CONTENT: 'true',
    AICLIENT_MAX_ATTEMPTS: '2',
  });
}, 30_000);
afterAll(async () => {
  await service?.stop();
  await mock?.close();
});

const json = (value: unknown): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: typeof value === 'string' ? value : JSON.stringify(value),
});

// The key checks run first: a 413 makes the service close that connection, and the
// HTTP client may pick the closed socket for its next request.
describe('sample service: the key never appears in HTTP error responses or logs', () => {
  it('a rejected key (401 upstream) becomes a 502 without the key, plain and streamed', async () => {
    const plain = await ask('rejected', json({ prompt: `Hello ${canary.key}` }));
    expect(plain.status).toBe(502);
    expect(plain.json?.error?.code).toBe('AI-API-001');
    const streamed = await ask('rejected-stream', json({ prompt: 'Hello', stream: true }));
    expect(streamed.status).toBe(502);
    const ready = await fetch(`${service.url}/readyz`);
    answers.readyz = { status: ready.status, text: await ready.text() };
    const metrics = await fetch(`${service.url}/metrics`);
    answers.metrics = await metrics.text();
    const notFound = await ask('not-found', json({}), `/v1/${canary.key}`);
    expect(notFound.status).toBe(404);
  });
});

describe('sample service: hostile input', () => {
  it('answers malformed JSON with 400 and a clear message', async () => {
    const answer = await ask('malformed', json('{"prompt": "hi",'));
    expect(answer.status).toBe(400);
    expect(answer.json?.error?.code).toBe('AI-API-004');
    expect(answer.json?.error?.message).toMatch(/not valid JSON/);
  });

  it('answers a body that fails validation with 400 listing the issues', async () => {
    const answer = await ask('invalid', json({ prompt: 42, extra: true, maxTokens: -1 }));
    expect(answer.status).toBe(400);
    expect(answer.json?.error?.issues?.length).toBeGreaterThan(0);
  });

  it('answers deeply nested and non-object JSON with 400', async () => {
    const nested = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    expect((await ask('nested', json(nested))).status).toBe(400);
    expect((await ask('null', json('null'))).status).toBe(400);
    expect((await ask('string', json('"prompt"'))).status).toBe(400);
  });

  it('answers a wrong content-type and binary junk with 400', async () => {
    const junk = await ask('binary', {
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255, 1, 254, 0x7b]),
    });
    expect(junk.status).toBe(400);
  });

  it('answers oversized bodies with 413 (declared and streamed without a length)', async () => {
    const big = await ask('oversized', json({ prompt: 'x'.repeat(200 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.json?.error?.message).toMatch(/exceeds/);
    const chunks = new ReadableStream({
      start(controller) {
        const piece = new TextEncoder().encode('x'.repeat(1024 * 1024));
        for (let i = 0; i < 10; i++) controller.enqueue(piece);
        controller.close();
      },
    });
    const streamed = await ask('oversized-chunked', {
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('stays up after all of it', async () => {
    expect(service.alive()).toBe(true);
    const health = await fetch(`${service.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('sample service: after everything', () => {
  it('no answer, log line or console output holds the key', () => {
    expect(Object.keys(answers).length).toBeGreaterThan(8);
    expect(service.logText().length).toBeGreaterThan(0);
    expect(
      findSecret({ ...answers, log: service.logText(), console: service.output() }, canary.body),
    ).toEqual([]);
  });
});
