import { describe, expect, it } from 'vitest';
import { createSseScanner, type SseBlock } from './sse-scanner';

function scan(chunks: string[]): SseBlock[] {
  const scanner = createSseScanner();
  const blocks: SseBlock[] = [];
  for (const chunk of chunks) scanner.push(chunk, (block) => blocks.push(block));
  return blocks;
}

describe('createSseScanner', () => {
  it('splits data events and keeps their raw text', () => {
    const blocks = scan(['data: {"a":1}\n\ndata: [DONE]\n\n']);
    expect(blocks).toEqual([
      { event: undefined, data: '{"a":1}', raw: 'data: {"a":1}\n\n' },
      { event: undefined, data: '[DONE]', raw: 'data: [DONE]\n\n' },
    ]);
  });

  it('joins events split across chunks at any byte', () => {
    const text = 'event: response.output_text.delta\ndata: {"delta":"hi"}\n\n';
    for (let cut = 1; cut < text.length; cut += 1) {
      const blocks = scan([text.slice(0, cut), text.slice(cut)]);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]).toEqual({
        event: 'response.output_text.delta',
        data: '{"delta":"hi"}',
        raw: text,
      });
    }
  });

  it('reports comment-only blocks (keep-alives) without data', () => {
    const blocks = scan([': keep-alive\n\n', 'data: x\n\n']);
    expect(blocks[0]).toEqual({ event: undefined, data: undefined, raw: ': keep-alive\n\n' });
    expect(blocks[1]?.data).toBe('x');
  });

  it('handles CRLF line endings and multi-line data', () => {
    const blocks = scan(['data: a\r\ndata: b\r\n\r\n']);
    expect(blocks).toEqual([{ event: undefined, data: 'a\nb', raw: 'data: a\r\ndata: b\r\n\r\n' }]);
  });

  it('keeps an unterminated event pending', () => {
    const scanner = createSseScanner();
    const blocks: SseBlock[] = [];
    scanner.push('data: one\n\ndata: tw', (block) => blocks.push(block));
    expect(blocks).toHaveLength(1);
    expect(scanner.pending).toBe('data: tw');
  });
});
