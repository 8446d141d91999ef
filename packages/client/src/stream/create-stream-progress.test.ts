import { AIMalformedResponseError, AIRateLimitError, AIServerError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../pipeline/stage';
import { createStreamProgress } from './create-stream-progress';

function block(data: string, event?: string) {
  return { event, data, raw: `data: ${data}\n\n` };
}

function chat(content: string | null, extra: Record<string, unknown> = {}) {
  return block(
    JSON.stringify({
      id: 'c1',
      model: 'm',
      choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: null }],
      ...extra,
    }),
  );
}

describe('createStreamProgress', () => {
  it('collects chat deltas, usage and the [DONE] marker', () => {
    const result: CallResult = {};
    const progress = createStreamProgress({
      dropUsageChunk: false,
      headers: new Headers(),
      result,
    });
    expect(progress.observe(chat('Hel'))).toBe('forward');
    expect(progress.observe(chat('lo'))).toBe('forward');
    const usage = block(
      JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 4, completion_tokens: 2 } }),
    );
    expect(progress.observe(usage)).toBe('forward');
    expect(progress.completed).toBe(false);
    expect(progress.observe(block('[DONE]'))).toBe('end');
    expect(progress.completed).toBe(true);
    expect(progress.partialText()).toBe('Hello');
    expect(result.usage).toEqual({ inputTokens: 4, outputTokens: 2 });
    expect(result.responseId).toBe('c1');
  });

  it('drops the usage-only chunk when the pipeline asked for usage itself', () => {
    const result: CallResult = {};
    const progress = createStreamProgress({ dropUsageChunk: true, headers: new Headers(), result });
    expect(progress.observe(chat('a', { usage: null }))).toBe('forward');
    const usage = block(
      JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } }),
    );
    expect(progress.observe(usage)).toBe('drop');
    expect(result.usage).toEqual({ inputTokens: 1, outputTokens: 1 });
  });

  it('reads Responses API events', () => {
    const result: CallResult = {};
    const progress = createStreamProgress({
      dropUsageChunk: false,
      headers: new Headers(),
      result,
    });
    progress.observe(
      block(
        JSON.stringify({ type: 'response.created', response: { id: 'resp_1', model: 'm' } }),
        'response.created',
      ),
    );
    progress.observe(block(JSON.stringify({ type: 'response.output_text.delta', delta: 'Hi' })));
    progress.observe(block(JSON.stringify({ type: 'response.output_text.delta', delta: '!' })));
    expect(progress.completed).toBe(false);
    progress.observe(
      block(
        JSON.stringify({
          type: 'response.completed',
          response: {
            id: 'resp_1',
            status: 'completed',
            usage: { input_tokens: 5, output_tokens: 2 },
          },
        }),
      ),
    );
    expect(progress.completed).toBe(true);
    expect(progress.partialText()).toBe('Hi!');
    expect(result).toMatchObject({
      responseId: 'resp_1',
      finishReasons: ['completed'],
      usage: { inputTokens: 5, outputTokens: 2 },
    });
  });

  it('turns error events and bad JSON into AIErrors', () => {
    const headers = new Headers({ 'x-request-id': 'req_s' });
    const progress = createStreamProgress({ dropUsageChunk: false, headers, result: {} });
    const failed = progress.observe(
      block(JSON.stringify({ error: { message: 'boom', type: 'server_error' } })),
    );
    expect(failed).toBeInstanceOf(AIServerError);
    expect((failed as AIServerError).requestId).toBe('req_s');
    const limited = progress.observe(
      block(JSON.stringify({ message: 'slow', code: 'rate_limit_exceeded' }), 'error'),
    );
    expect(limited).toBeInstanceOf(AIRateLimitError);
    expect(progress.observe(block('{"broken'))).toBeInstanceOf(AIMalformedResponseError);
  });
});
