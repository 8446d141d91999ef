import { describe, expect, it } from 'vitest';
import { describeEndpoint } from './describe-endpoint';

describe('describeEndpoint', () => {
  it('maps known paths to GenAI operations and stream ends', () => {
    expect(describeEndpoint('/chat/completions')).toEqual({
      operation: 'chat',
      endpoint: 'chat.completions',
      streamEnd: 'done-sentinel',
    });
    expect(describeEndpoint('/responses').streamEnd).toBe('terminal-event');
    expect(describeEndpoint('/embeddings').operation).toBe('embeddings');
    expect(describeEndpoint('/completions').operation).toBe('text_completion');
  });

  it('labels other paths by themselves', () => {
    expect(describeEndpoint('/models')).toEqual({
      operation: 'other',
      endpoint: '/models',
      streamEnd: 'unknown',
    });
  });
});
