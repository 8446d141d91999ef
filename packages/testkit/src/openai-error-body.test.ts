import { describe, expect, it } from 'vitest';
import { openAIErrorBody } from './openai-error-body';

describe('openAIErrorBody', () => {
  it('has the API shape with nulls for missing fields', () => {
    expect(openAIErrorBody('boom')).toEqual({
      error: { message: 'boom', type: null, param: null, code: null },
    });
    expect(openAIErrorBody('slow down', { type: 'requests', code: 'rate_limit_exceeded' })).toEqual(
      {
        error: { message: 'slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' },
      },
    );
  });
});
