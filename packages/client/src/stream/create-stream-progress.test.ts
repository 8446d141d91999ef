import { AIMalformedResponseError, AIRateLimitError, AIServerError } from '@aiclient/errors';
import { describe, expect, it, vi } from 'vitest';
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

/** A progress of a call whose record is `result`, with no response headers. */
function progressOf(result: CallResult, dropUsageChunk = false) {
  return createStreamProgress({ dropUsageChunk, headers: new Headers(), result });
}

describe('createStreamProgress', () => {
  it('collects chat deltas, usage and the [DONE] marker', () => {
    const result: CallResult = {};
    const progress = progressOf(result);
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
    const progress = progressOf(result, true);
    expect(progress.observe(chat('a', { usage: null }))).toBe('forward');
    const usage = block(
      JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } }),
    );
    expect(progress.observe(usage)).toBe('drop');
    expect(result.usage).toEqual({ inputTokens: 1, outputTokens: 1 });
  });

  it('reads Responses API events', () => {
    const result: CallResult = {};
    const progress = progressOf(result);
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

  it('parses only the events that hold what the record needs, yet knows the partial text', () => {
    const result: CallResult = {};
    const progress = progressOf(result);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      // Ids unknown yet (Azure's first chunk has empty ones): parsed.
      expect(progress.observe(block('{"id":"","model":"","choices":[]}'))).toBe('forward');
      expect(progress.observe(chat('Hel', { usage: null }))).toBe('forward');
      expect(parse).toHaveBeenCalledTimes(2);
      expect(result).toMatchObject({ responseId: 'c1', responseModel: 'm' });
      // Plain content deltas (usage and finish_reason null, spaces or not): not parsed.
      expect(progress.observe(chat('lo', { usage: null }))).toBe('forward');
      expect(
        progress.observe(
          block(
            '{"id":"c1","choices":[{"delta":{"content":" \\"error\\": x"},"finish_reason" : null}],"usage" :  null}',
          ),
        ),
      ).toBe('forward');
      expect(parse).toHaveBeenCalledTimes(2);
      // A finish reason, then usage written with spaces: parsed.
      const finish = block('{"id":"c1","choices":[{"delta":{},"finish_reason": "stop"}]}');
      expect(progress.observe(finish)).toBe('forward');
      const usage = block(
        '{"id":"c1","choices":[],"usage": {"prompt_tokens":3,"completion_tokens":2}}',
      );
      expect(progress.observe(usage)).toBe('forward');
      expect(parse).toHaveBeenCalledTimes(4);
      expect(result.finishReasons).toEqual(['stop']);
      expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 2 });
      expect(progress.partialText()).toBe('Hello "error": x');
    } finally {
      parse.mockRestore();
    }
  });

  it('still reports an error event or a cut event among content events', () => {
    const progress = progressOf({});
    progress.observe(chat('a'));
    expect(
      progress.observe(block('{"id":"c1","choices":[{"delta":{"content":"b"}')),
    ).toBeInstanceOf(AIMalformedResponseError);
    expect(
      progress.observe(block('{"error":{"message":"overloaded","type":"server_error"}}')),
    ).toBeInstanceOf(AIServerError);
  });

  it('parses only lifecycle events of a Responses stream', () => {
    const result: CallResult = {};
    const progress = progressOf(result);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const created = {
        type: 'response.created',
        response: { id: 'r1', model: 'm', status: 'in_progress' },
      };
      progress.observe(block(JSON.stringify(created), 'response.created'));
      for (const delta of ['Hi', ' there']) {
        const event = { type: 'response.output_text.delta', delta };
        expect(progress.observe(block(JSON.stringify(event), event.type))).toBe('forward');
      }
      const added = {
        type: 'response.content_part.added',
        part: { type: 'output_text', text: '' },
      };
      progress.observe(block(JSON.stringify(added), added.type));
      expect(parse).toHaveBeenCalledTimes(1);
      const done = {
        type: 'response.completed',
        response: {
          id: 'r1',
          model: 'm',
          status: 'completed',
          usage: { input_tokens: 5, output_tokens: 2 },
        },
      };
      progress.observe(block(JSON.stringify(done), done.type));
      expect(parse).toHaveBeenCalledTimes(2);
      expect(progress.completed).toBe(true);
      expect(result).toMatchObject({
        responseId: 'r1',
        usage: { inputTokens: 5, outputTokens: 2 },
      });
      expect(progress.partialText()).toBe('Hi there');
    } finally {
      parse.mockRestore();
    }
  });
});
