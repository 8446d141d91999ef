import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { approximateTokens, estimateRequestTokens } from './estimate-request-tokens';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('estimateRequestTokens', () => {
  it('counts chat messages with their overhead plus the requested output', () => {
    const body = {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hello there world' }] },
      ],
      max_tokens: 50,
    };
    // (4 + 2) + (4 + 3) + 3 reply priming + 50 output.
    expect(estimateRequestTokens(body, { count: words })).toBe(66);
  });

  it('prefers max_completion_tokens, multiplies by n, and falls back to the default budget', () => {
    const messages = [{ role: 'user', content: 'hi' }];
    expect(
      estimateRequestTokens(
        { messages, max_completion_tokens: 10, max_tokens: 99 },
        { count: words },
      ),
    ).toBe(18);
    expect(estimateRequestTokens({ messages, max_tokens: 10, n: 3 }, { count: words })).toBe(38);
    expect(estimateRequestTokens({ messages }, { count: words, defaultMaxOutputTokens: 100 })).toBe(
      108,
    );
  });

  it('counts Responses input and instructions, and embeddings without output', () => {
    expect(
      estimateRequestTokens(
        { model: 'gpt-4o', instructions: 'a b', input: 'c d e', max_output_tokens: 5 },
        { count: words },
      ),
    ).toBe(10);
    expect(
      estimateRequestTokens(
        { model: 'text-embedding-3-small', input: ['a b', 'c'] },
        { count: words },
      ),
    ).toBe(3);
  });

  it('by default counts prompt characters / 4 plus the overhead, as OpenAI estimates a request', () => {
    const body = {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'be brief' }, // 8 characters
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hello there world!' }, // 18 characters (+1 separator)
            { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(4000)}` } },
          ],
        },
      ],
      max_tokens: 50,
    };
    // ceil((8 + 18 + 2 separators) / 4) = 7, + 2 x 4 per message + 3 reply priming + 50 output.
    // An image is not text: its 4,000 base64 characters count nothing.
    expect(estimateRequestTokens(body)).toBe(68);
    expect(
      estimateRequestTokens({ model: 'gpt-4o', input: 'x'.repeat(400), max_output_tokens: 5 }),
    ).toBe(105);
    // Embeddings produce no output.
    expect(
      estimateRequestTokens({ model: 'text-embedding-3-small', input: ['a'.repeat(40)] }),
    ).toBe(11);
  });

  it('by default counts tools and tool calls at about their JSON length / 4', () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'lookup', parameters: { type: 'object', properties: {} } },
      },
    ];
    const withTools = estimateRequestTokens({ messages: [], tools, max_tokens: 0 });
    // 3 reply priming + the tools' JSON (about 100 characters) / 4.
    expect(withTools - 3).toBe(Math.ceil(JSON.stringify(tools).length / 4));
    const calls = [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"q":1}' } }];
    const assistant = { role: 'assistant', content: null, tool_calls: calls };
    expect(estimateRequestTokens({ messages: [assistant], max_tokens: 0 })).toBe(
      4 + 3 + Math.ceil(JSON.stringify(calls).length / 4),
    );
  });

  it('is zero without a JSON body', () => {
    expect(estimateRequestTokens(undefined)).toBe(0);
  });

  it('approximates UTF-8 bytes / 3, rounded up', () => {
    expect(approximateTokens('')).toBe(0);
    expect(approximateTokens('abcdefghi')).toBe(3);
    expect(approximateTokens('abcdefghij')).toBe(4);
    expect(approximateTokens('héllo')).toBe(2); // 6 bytes
    expect(approximateTokens('日本語')).toBe(3); // 9 bytes
    expect(approximateTokens('😀')).toBe(2); // one code point, 4 bytes
    expect(approximateTokens('\ud800x')).toBe(2); // a lone surrogate counts as 3 bytes
  });

  it('counts no fewer tokens than gpt-tokenizer for prose, code, JSON and other scripts', () => {
    const samples = [
      'Summarize the quarterly report for the regional office, listing revenue and risks.',
      'function add(a: number, b: number): number { return a + b; } // adds two numbers',
      '東京の天気は晴れです。明日は雨が降るでしょう。',
      'Привет, как дела? Сегодня хорошая погода для прогулки.',
      '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}',
    ];
    for (const text of samples)
      expect(approximateTokens(text)).toBeGreaterThanOrEqual(countTokens(text));
  });
});
