import {
  AIAbortedError,
  AIConnectionError,
  AIContentFilterError,
  AIContextLengthError,
  AIError,
  AINotFoundError,
  AIQuotaExceededError,
} from '@aiclient/errors';
import OpenAI, { BadRequestError, NotFoundError } from 'openai';
import { describe, expect, it } from 'vitest';
import { useMockOpenAI } from '../../test/use-mock-openai';
import { mockSettings } from '../test-support/mock-settings';
import { AIClientOpenAI } from './ai-client-openai';
import { createOpenAIClient } from './create-openai-client';

const { mock } = useMockOpenAI();

const REQUEST = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

async function failure(promise: Promise<unknown>): Promise<AIError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!AIError.isInstance(error)) throw new Error(`expected an AIError, got ${String(error)}`);
  return error;
}

describe('AIClientOpenAI', () => {
  it('is the official SDK client with its retries off', () => {
    const client = createOpenAIClient(mockSettings(mock.url));
    expect(client).toBeInstanceOf(OpenAI);
    expect(client).toBeInstanceOf(AIClientOpenAI);
    expect(client.maxRetries).toBe(0);
  });

  it('answers raw-response reads (asResponse, withResponse) from the buffered body', async () => {
    const client = createOpenAIClient(mockSettings(mock.url));
    const raw = await client.chat.completions.create(REQUEST).asResponse();
    expect(raw.headers.get('content-type')).toContain('application/json');
    expect(await raw.json()).toMatchObject({ object: 'chat.completion' });
    const { data, response } = await client.chat.completions.create(REQUEST).withResponse();
    expect(data.choices[0]?.message.content).toEqual(expect.any(String));
    expect(response.status).toBe(200);
    expect(response.bodyUsed).toBe(true);
    const stream = await client.chat.completions.create({ ...REQUEST, stream: true }).asResponse();
    expect(await stream.text()).toContain('data: [DONE]');
  });

  it('throws the classified AIError itself, with status, request id, attempts and the SDK error as cause', async () => {
    mock.setFaults([
      {
        fault: {
          type: 'status',
          status: 400,
          body: { error: { message: 'bad', type: 'invalid_request_error' } },
        },
      },
    ]);
    const client = createOpenAIClient(mockSettings(mock.url));
    const error = await failure(client.chat.completions.create(REQUEST));
    expect(error.code).toBe('AI-API-004');
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe(mock.requests()[0]?.requestId);
    expect(error.cause).toBeInstanceOf(BadRequestError);
    expect(error.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: 400,
        code: 'AI-API-004',
        waitBeforeMs: 0,
        model: 'gpt-4o-mini',
        keyId: expect.stringMatching(/^key_/),
      }),
    ]);
    expect(error.attempts[0]?.durationMs).toEqual(expect.any(Number));
  });

  it.each([
    [{ type: 'insufficient_quota' as const }, AIQuotaExceededError, 'AI-API-006'],
    [{ type: 'context_length_exceeded' as const }, AIContextLengthError, 'AI-API-007'],
    [{ type: 'content_filter' as const }, AIContentFilterError, 'AI-API-008'],
  ])('maps the %o fault to its class', async (fault, cls, code) => {
    mock.setFaults([{ fault }]);
    const error = await failure(
      createOpenAIClient(mockSettings(mock.url)).chat.completions.create(REQUEST),
    );
    expect(error).toBeInstanceOf(cls);
    expect(error.code).toBe(code);
    expect(mock.requests()).toHaveLength(1);
  });

  it('reports a connection reset that outlives its retries as AI-API-011 with every attempt', async () => {
    mock.setFaults([{ fault: { type: 'reset' } }]);
    const error = await failure(
      createOpenAIClient(mockSettings(mock.url)).chat.completions.create(REQUEST),
    );
    expect(error).toBeInstanceOf(AIConnectionError);
    expect(error.attempts).toHaveLength(3);
    expect(error.attempts.map((attempt) => attempt.code)).toEqual([
      'AI-API-011',
      'AI-API-011',
      'AI-API-011',
    ]);
  });

  it('reports a malformed JSON body as AI-API-016, not a SyntaxError', async () => {
    mock.setFaults([{ fault: { type: 'malformed_json' } }]);
    const error = await failure(
      createOpenAIClient(mockSettings(mock.url)).chat.completions.create(REQUEST),
    );
    expect(error.code).toBe('AI-API-016');
  });

  it('fails an already aborted call as AIAbortedError without sending it', async () => {
    const client = createOpenAIClient(mockSettings(mock.url));
    const error = await failure(
      client.chat.completions.create(REQUEST, { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(AIAbortedError);
    expect(mock.requests()).toHaveLength(0);
  });

  it("turns the SDK's per-request timeout into the call deadline (AI-API-010)", async () => {
    mock.setFaults([{ fault: { type: 'latency', ms: 5000 } }]);
    const client = createOpenAIClient(mockSettings(mock.url));
    const started = performance.now();
    const error = await failure(client.chat.completions.create(REQUEST, { timeout: 200 }));
    expect(error.code).toBe('AI-API-010');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads x-aiclient-deadline-ms and strips every x-aiclient-* header before sending', async () => {
    mock.setFaults([{ fault: { type: 'latency', ms: 5000 } }]);
    const client = createOpenAIClient(mockSettings(mock.url));
    const error = await failure(
      client.chat.completions.create(REQUEST, {
        headers: { 'x-aiclient-deadline-ms': '200', 'x-aiclient-cache': 'bypass' },
      }),
    );
    expect(error.code).toBe('AI-API-010');
    mock.clearFaults();
    await client.chat.completions.create(REQUEST, { headers: { 'x-aiclient-cache': 'bypass' } });
    const headers = mock.requests().at(-1)?.headers ?? {};
    expect(Object.keys(headers).filter((name) => name.startsWith('x-aiclient-'))).toEqual([]);
  });

  it('keeps the pipeline and the deadline semantics through withOptions', async () => {
    mock.setFaults([{ fault: { type: 'latency', ms: 5000 } }]);
    const derived = createOpenAIClient(mockSettings(mock.url)).withOptions({ timeout: 200 });
    expect(derived).toBeInstanceOf(AIClientOpenAI);
    const error = await failure(derived.chat.completions.create(REQUEST));
    expect(error.code).toBe('AI-API-010');
  });

  it('keeps the typed surface: withResponse, request ids and raw responses', async () => {
    const client = createOpenAIClient(mockSettings(mock.url));
    const { data, response, request_id } = await client.chat.completions
      .create(REQUEST)
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(response.status).toBe(200);
    expect(request_id).toBe(mock.requests()[0]?.requestId);
    const models = await client.models.list();
    expect(models.data.length).toBeGreaterThan(0);
  });

  it("translates a status error the pipeline did not classify, keeping the SDK's as cause", () => {
    const client = createOpenAIClient(mockSettings(mock.url));
    const makeStatusError = (
      client as unknown as {
        makeStatusError: (s: number, e: object, m: undefined, h: Headers) => unknown;
      }
    ).makeStatusError.bind(client);
    const error = makeStatusError(404, { message: 'no such model' }, undefined, new Headers());
    expect(error).toBeInstanceOf(AINotFoundError);
    expect((error as AIError).cause).toBeInstanceOf(NotFoundError);
  });
});
