import { AIMalformedResponseError, AIRateLimitError } from '@aiclient/errors';
import { RateLimitError } from 'openai';
import { describe, expect, it } from 'vitest';
import { failureFor, failureResponse } from '../errors/failure-response';
import { createCallContext } from '../pipeline/create-call-context';
import { mockSettings } from '../test-support/mock-settings';
import { responseClassifierStage } from './response-classifier-stage';

function ctxWithKey(key: string) {
  const { ctx } = createCallContext({
    url: 'http://127.0.0.1:1/v1/chat/completions',
    init: { method: 'POST', headers: new Headers(), body: '{"model":"m"}' },
    settings: mockSettings('http://127.0.0.1:1/v1'),
    logger: { error() {}, warn() {}, info() {}, debug() {} },
    basePath: '/v1',
    injectStreamUsage: false,
  });
  ctx.attempt = {
    number: 1,
    waitBeforeMs: 0,
    startedAt: Date.now(),
    signal: new AbortController().signal,
    abort() {},
    apiKey: key,
    keyId: undefined,
    target: undefined,
  };
  return ctx;
}

const stage = responseClassifierStage();

describe('responseClassifierStage', () => {
  it('classifies an HTTP error and keeps its body for the SDK', async () => {
    const ctx = ctxWithKey('k');
    const body = '{"error":{"message":"slow down","code":"rate_limit_exceeded"}}';
    const upstream = new Response(body, { status: 429, headers: { 'retry-after': '1' } });
    const error = await stage.handle(ctx, async () => upstream).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AIRateLimitError);
    expect((error as AIRateLimitError).cause).toBeInstanceOf(RateLimitError);
    const response = failureResponse(error as AIRateLimitError);
    expect(await response.text()).toBe(body);
    expect(failureFor(response.headers)).toBe(error);
    ctx.settle({ kind: 'success' });
  });

  it('masks the key if an error body quotes it', async () => {
    const key = 'secret-key-quoted-back-123456';
    const ctx = ctxWithKey(key);
    const upstream = new Response(
      JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }),
      {
        status: 401,
      },
    );
    const error = (await stage
      .handle(ctx, async () => upstream)
      .catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain(key);
    expect(String((error.cause as Error).message)).not.toContain(key);
    ctx.settle({ kind: 'success' });
  });

  it('buffers a JSON body once, reads its usage, and rejects malformed JSON', async () => {
    const ctx = ctxWithKey('k');
    const json = {
      id: 'c1',
      model: 'm-2024',
      choices: [{ finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 4 },
    };
    const response = await stage.handle(ctx, async () =>
      Response.json(json, { headers: { 'x-request-id': 'req_x' } }),
    );
    expect(await response.json()).toEqual(json);
    expect(response.headers.get('x-request-id')).toBe('req_x');
    expect(ctx.result).toMatchObject({
      responseId: 'c1',
      responseModel: 'm-2024',
      usage: { inputTokens: 3, outputTokens: 4 },
    });
    const malformed = new Response('{"id":', { headers: { 'content-type': 'application/json' } });
    await expect(stage.handle(ctx, async () => malformed)).rejects.toBeInstanceOf(
      AIMalformedResponseError,
    );
    ctx.settle({ kind: 'success' });
  });

  it('passes binary bodies through untouched', async () => {
    const ctx = ctxWithKey('k');
    const audio = new Response(new Uint8Array([1, 2, 3]), {
      headers: { 'content-type': 'audio/mpeg' },
    });
    expect(await stage.handle(ctx, async () => audio)).toBe(audio);
    ctx.settle({ kind: 'success' });
  });
});
