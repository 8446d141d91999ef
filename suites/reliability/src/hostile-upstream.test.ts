import { type AIError, type ErrorCode, serializeError } from '@aiclient/errors';
import { type Fault, type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOutcome } from './call-outcome.ts';
import { createSoakClient } from './create-soak-client.ts';

const TEN_MB = 10 * 1024 * 1024;
let mock: MockOpenAI;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({ validateRequests: false, onWarning: () => undefined });
  ({ client } = await createSoakClient({
    baseURL: mock.url,
    keys: ['sk-hostile-upstream-aaaaaaaaaaaa'],
    fallbackModels: [],
    deadlineMs: 5_000,
    streamFirstChunkTimeoutMs: 1_000,
    streamIdleTimeoutMs: 400,
    maxAttempts: 2,
  }));
});
afterAll(async () => {
  await mock?.close();
});

const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

/** Runs one call against a hostile answer; returns the AIError it must fail with. */
async function classified(fault: Fault, stream: boolean, sdk: OpenAI = client): Promise<AIError> {
  // Server-side rules, not the per-request fault header: a 10 MB header would be refused.
  mock.setFaults([{ fault }]);
  const outcome = await callOutcome(async () => {
    if (stream) {
      const chunks = await sdk.chat.completions.create({ ...body, stream: true });
      for await (const _chunk of chunks) {
        // Consume until the stream breaks.
      }
    } else {
      await sdk.chat.completions.create(body);
    }
  });
  mock.clearFaults();
  expect(outcome.processErrors).toBe(0);
  expect(outcome.foreign).toBeUndefined();
  expect(outcome.succeeded).toBe(false);
  return outcome.error as AIError;
}

describe('malformed upstream answers produce a classified error, not a crash', () => {
  const cases: [string, Fault, boolean, readonly ErrorCode[]][] = [
    ['bad JSON', { type: 'malformed_json' }, false, ['AI-API-016']],
    [
      'a bad JSON event in a stream',
      { type: 'malformed_json', afterChunks: 1 },
      true,
      ['AI-API-016'],
    ],
    [
      'truncated SSE',
      { type: 'truncated_sse', afterChunks: 1 },
      true,
      ['AI-API-016', 'AI-API-011'],
    ],
    ['a stream cut mid-way', { type: 'cut', afterChunks: 2 }, true, ['AI-API-011', 'AI-API-016']],
    ['a stream that stalls after output', { type: 'stall', afterChunks: 2 }, true, ['AI-API-012']],
    [
      'a 200 with the wrong content-type',
      {
        type: 'status',
        status: 200,
        body: '<html><body>Bad gateway</body></html>',
        headers: { 'content-type': 'text/html' },
      },
      false,
      ['AI-API-016'],
    ],
    [
      'a 10 MB body that is not JSON',
      {
        type: 'status',
        status: 200,
        body: 'x'.repeat(TEN_MB),
        headers: { 'content-type': 'application/json' },
      },
      false,
      ['AI-API-016'],
    ],
    [
      'a 10 MB error body',
      {
        type: 'status',
        status: 500,
        body: { error: { message: 'y'.repeat(TEN_MB), type: 'server_error' } },
      },
      false,
      ['AI-API-009'],
    ],
  ];

  for (const [name, fault, stream, codes] of cases) {
    it(name, async () => {
      const error = await classified(fault, stream);
      expect(codes).toContain(error.code);
      // A huge upstream body must not become a huge error: logs and HTTP answers carry it.
      expect(JSON.stringify(serializeError(error)).length).toBeLessThan(64 * 1024);
    });
  }

  it('a stall after output names its phase and keeps the partial text', async () => {
    const error = await classified({ type: 'stall', afterChunks: 2 }, true);
    expect((error as AIError & { phase?: string }).phase).toBe('idle');
  });

  it('the check fails for the bare openai SDK, whose parse errors are not classified', async () => {
    const bare = new OpenAI({
      apiKey: 'sk-bare-sdk-aaaaaaaaaaaaaaaa',
      baseURL: mock.url,
      maxRetries: 0,
    });
    mock.setFaults([{ fault: { type: 'malformed_json', afterChunks: 1 } }]);
    const outcome = await callOutcome(async () => {
      const chunks = await bare.chat.completions.create({ ...body, stream: true });
      for await (const _chunk of chunks) {
        // Consume until the stream breaks.
      }
    });
    mock.clearFaults();
    expect(outcome.code).toBeUndefined();
    expect(outcome.foreign).toMatch(/SyntaxError|Error/);
  });

  it('the client keeps working after every hostile answer', async () => {
    const result = await client.chat.completions.create(body);
    expect(result.choices[0]?.message.content).toBeTruthy();
  });
});
