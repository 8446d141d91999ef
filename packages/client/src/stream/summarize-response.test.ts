import { describe, expect, it } from 'vitest';
import type { CallResult } from '../pipeline/stage';
import { readUsage } from './read-usage';
import { summarizeResponse } from './summarize-response';

describe('summarizeResponse', () => {
  it('reads a chat completion', () => {
    const result: CallResult = {};
    summarizeResponse(
      {
        id: 'chatcmpl-1',
        model: 'gpt-4o-mini-2024',
        choices: [{ finish_reason: 'stop' }, { finish_reason: 'length' }],
        usage: {
          prompt_tokens: 10,
          completion_tokens: 5,
          prompt_tokens_details: { cached_tokens: 2 },
        },
      },
      result,
    );
    expect(result).toEqual({
      responseId: 'chatcmpl-1',
      responseModel: 'gpt-4o-mini-2024',
      finishReasons: ['stop', 'length'],
      usage: { inputTokens: 10, outputTokens: 5, cachedTokens: 2 },
    });
  });

  it('reads a Responses API object and embeddings usage', () => {
    const result: CallResult = {};
    summarizeResponse(
      {
        id: 'resp_1',
        object: 'response',
        status: 'completed',
        model: 'm',
        usage: { input_tokens: 3, output_tokens: 4 },
      },
      result,
    );
    expect(result.finishReasons).toEqual(['completed']);
    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 4 });
    expect(readUsage({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ inputTokens: 8 });
    expect(readUsage(null)).toBeUndefined();
  });
});
