import type { LogLevel } from '@aiclient/config';
import { AIServerError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { createCallContext } from '../pipeline/create-call-context';
import { memoryLogger, mockSettings } from '../test-support/mock-settings';
import { loggingStage } from './logging-stage';

function setup(logLevel: LogLevel = 'info') {
  const { logger, records } = memoryLogger();
  const { ctx } = createCallContext({
    url: 'http://127.0.0.1:1/v1/chat/completions',
    init: {
      method: 'POST',
      headers: new Headers(),
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'private words' }],
      }),
    },
    settings: mockSettings('http://127.0.0.1:1/v1', { logLevel }),
    logger,
    basePath: '/v1',
    injectStreamUsage: false,
  });
  return { ctx, records };
}

describe('loggingStage', () => {
  it('writes one info line when the call settles, without content', async () => {
    const { ctx, records } = setup();
    await loggingStage().handle(ctx, async () => {
      ctx.result.status = 200;
      ctx.result.usage = { inputTokens: 5, outputTokens: 7 };
      ctx.result.requestId = 'req_l';
      return new Response('{}');
    });
    expect(records).toHaveLength(0);
    ctx.settle({ kind: 'success' });
    ctx.settle({ kind: 'success' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 'info',
      message: 'aiclient call',
      data: {
        operation: 'chat',
        model: 'gpt-4o-mini',
        status: 200,
        inputTokens: 5,
        outputTokens: 7,
        attempts: 0,
        requestId: 'req_l',
      },
    });
    expect(JSON.stringify(records)).not.toContain('private words');
  });

  it('writes an error line with the serialized error', async () => {
    const { ctx, records } = setup();
    await loggingStage().handle(ctx, async () => new Response('{}'));
    const error = new AIServerError({ message: 'upstream failed', context: { status: 502 } });
    ctx.settle({ kind: 'error', error });
    expect(records[0]).toMatchObject({
      level: 'error',
      data: {
        outcome: 'error',
        code: 'AI-API-009',
        status: 502,
        error: { code: 'AI-API-009', message: 'upstream failed' },
      },
    });
  });

  it('names the fallback target that served the call, else the attempt target, never a key', async () => {
    const { ctx, records } = setup();
    await loggingStage().handle(ctx, async () => {
      ctx.attempt = {
        number: 1,
        waitBeforeMs: 0,
        startedAt: Date.now(),
        signal: new AbortController().signal,
        abort() {},
        apiKey: 'sk-proj-secretvalue0123456789abcdefgh',
        keyId: 'key_0123abcd',
        target: '127.0.0.1:1',
      };
      ctx.result.target = 'gpt-4o@eu.example.com';
      ctx.result.targetIndex = 2;
      return new Response('{}');
    });
    ctx.settle({ kind: 'success' });
    expect(records[0]?.data).toMatchObject({ target: 'gpt-4o@eu.example.com', targetIndex: 2 });
    expect(JSON.stringify(records)).not.toContain('secretvalue');

    const plain = setup();
    await loggingStage().handle(plain.ctx, async () => {
      plain.ctx.attempt = { ...(ctx.attempt as NonNullable<typeof ctx.attempt>) };
      return new Response('{}');
    });
    plain.ctx.settle({ kind: 'success' });
    expect(plain.records[0]?.data).toMatchObject({ target: '127.0.0.1:1' });
    expect(plain.records[0]?.data).not.toHaveProperty('targetIndex', expect.anything());
  });

  it('leaves out fields that have no value', async () => {
    const { ctx, records } = setup();
    await loggingStage().handle(ctx, async () => new Response('{}'));
    ctx.settle({ kind: 'success' });
    const data = records[0]?.data as Record<string, unknown>;
    expect(Object.values(data)).not.toContain(undefined);
    for (const absent of ['responseModel', 'target', 'targetIndex', 'status', 'requestId']) {
      expect(data).not.toHaveProperty(absent);
    }
    for (const absent of ['inputTokens', 'outputTokens', 'traceId', 'spanId', 'cacheHit']) {
      expect(data).not.toHaveProperty(absent);
    }
    expect(data).toMatchObject({ event: 'aiclient.call', outcome: 'success', attempts: 0 });
  });

  it('writes nothing at logLevel off and only failures at error and warn', async () => {
    const failure = () =>
      new AIServerError({ message: 'upstream failed', context: { status: 502 } });
    const off = setup('off');
    await loggingStage().handle(off.ctx, async () => new Response('{}'));
    off.ctx.settle({ kind: 'error', error: failure() });
    expect(off.records).toEqual([]);

    for (const level of ['error', 'warn'] as const) {
      const quiet = setup(level);
      await loggingStage().handle(quiet.ctx, async () => new Response('{}'));
      quiet.ctx.settle({ kind: 'success' });
      expect(quiet.records).toEqual([]);
      const failing = setup(level);
      await loggingStage().handle(failing.ctx, async () => new Response('{}'));
      failing.ctx.settle({ kind: 'error', error: failure() });
      expect(failing.records.map((record) => record.message)).toEqual(['aiclient call failed']);
    }

    const debug = setup('debug');
    await loggingStage().handle(debug.ctx, async () => new Response('{}'));
    debug.ctx.settle({ kind: 'cancelled' });
    expect(debug.records.map((record) => record.level)).toEqual(['info']);
  });
});
