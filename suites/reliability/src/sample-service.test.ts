import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanaryKey } from './canary-key.ts';
import { checkHostileInput } from './check-hostile-input.ts';
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
  it('answers malformed, invalid, nested, binary and oversized bodies with 400/413 and a clear message, and stays up', async () => {
    const report = await checkHostileInput(`${service.url}/v1/ask`, `${service.url}/healthz`);
    Object.assign(answers, report.answers);
    console.log(
      `sample hostile input: ${Object.entries(report.answers)
        .map(([name, answer]) => `${name} ${answer.status}`)
        .join(', ')}`,
    );
    expect(report.violations).toEqual([]);
    expect(report.answers['malformed JSON']?.message).toMatch(/not valid JSON/);
    expect(report.answers['10 MB chunked body']?.status).toBe(413);
    expect(service.alive()).toBe(true);
  });

  it('reports failures for a service that crashes on bad input (broken on purpose)', async () => {
    // A naive handler: JSON.parse without a guard or a size limit; errors become a 500 with the
    // stack, and a parse failure takes the connection down.
    const naive = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          response.writeHead(200).end('{}');
        } catch (error) {
          response.writeHead(500).end(String((error as Error).stack));
        }
      });
    });
    await new Promise<void>((resolve) => naive.listen(0, '127.0.0.1', resolve));
    const { port } = naive.address() as AddressInfo;
    try {
      const report = await checkHostileInput(
        `http://127.0.0.1:${port}/v1/ask`,
        `http://127.0.0.1:${port}/healthz`,
      );
      expect(report.violations.length).toBeGreaterThanOrEqual(5);
    } finally {
      naive.closeAllConnections();
      await new Promise((resolve) => naive.close(resolve));
    }
  });
});

describe('sample service: after everything', () => {
  it('no answer, log line or console output holds the key', () => {
    expect(Object.keys(answers).length).toBeGreaterThan(10);
    expect(service.logText().length).toBeGreaterThan(0);
    expect(
      findSecret({ ...answers, log: service.logText(), console: service.output() }, canary.body),
    ).toEqual([]);
  });
});
