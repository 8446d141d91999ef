import { describe, expect, it } from 'vitest';
import {
  chatCompletionChunks,
  chatCompletionResponse,
  chatPlanTokens,
  estimatePromptTokens,
  messageText,
  planChatCompletion,
} from './chat-completion';

const context = { id: 'chatcmpl-test', created: 1_700_000_000 };
const ask = (content: string) => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content }],
});

type Completion = {
  choices: Array<{
    index: number;
    finish_reason: string;
    message: {
      content: string | null;
      tool_calls?: Array<{ function: { name: string; arguments: string } }>;
    };
  }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

describe('planChatCompletion', () => {
  it('answers deterministically from the request: same prompt same text, other prompt other text', () => {
    const a = chatCompletionResponse(
      planChatCompletion(ask('What is 2+2?'), context),
      context,
    ) as Completion;
    const again = chatCompletionResponse(
      planChatCompletion(ask('What is 2+2?'), context),
      context,
    ) as Completion;
    const b = chatCompletionResponse(
      planChatCompletion(ask('What is 3+3?'), context),
      context,
    ) as Completion;
    expect(a.choices[0]?.message.content).toBe(again.choices[0]?.message.content);
    expect(a.choices[0]?.message.content).not.toBe(b.choices[0]?.message.content);
    expect(a.choices[0]?.message.content).toMatch(/^Mock answer [0-9a-f]{8}: What is 2\+2\?$/);
    expect(a.choices[0]?.finish_reason).toBe('stop');
  });

  it('reports realistic usage', () => {
    const plan = planChatCompletion(ask('x'.repeat(40)), context);
    const body = chatCompletionResponse(plan, context) as Completion;
    expect(body.usage.prompt_tokens).toBe(3 + 3 + 10);
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(chatPlanTokens(plan)).toBe(body.usage.total_tokens);
  });

  it('returns n distinct choices', () => {
    const body = chatCompletionResponse(
      planChatCompletion({ ...ask('hi'), n: 3 }, context),
      context,
    ) as Completion;
    expect(body.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(new Set(body.choices.map((choice) => choice.message.content)).size).toBe(3);
  });

  it('truncates at max_tokens with finish_reason length', () => {
    const body = chatCompletionResponse(
      planChatCompletion({ ...ask('one two three four five'), max_tokens: 2 }, context),
      context,
    ) as Completion;
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(body.usage.completion_tokens).toBe(2);
  });

  it('calls a tool on a user turn with arguments fitting its parameters, then answers after the result', () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string' },
              unit: { type: 'string', enum: ['c', 'f'] },
              days: { type: 'integer' },
            },
            required: ['city', 'unit', 'days'],
          },
        },
      },
    ];
    const first = chatCompletionResponse(
      planChatCompletion({ ...ask('weather?'), tools }, context),
      context,
    ) as Completion;
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(first.choices[0]?.message.content).toBeNull();
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.function.name).toBe('get_weather');
    expect(JSON.parse(call?.function.arguments ?? '')).toMatchObject({ unit: 'c', days: 1 });

    const after = chatCompletionResponse(
      planChatCompletion(
        {
          model: 'gpt-4o-mini',
          tools,
          messages: [
            { role: 'user', content: 'weather?' },
            { role: 'assistant', content: null, tool_calls: [] },
            { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          ],
        },
        context,
      ),
      context,
    ) as Completion;
    expect(after.choices[0]?.finish_reason).toBe('stop');
    const none = chatCompletionResponse(
      planChatCompletion({ ...ask('weather?'), tools, tool_choice: 'none' }, context),
      context,
    ) as Completion;
    expect(none.choices[0]?.finish_reason).toBe('stop');
  });

  it('answers a soft content filter with empty content', () => {
    const filtered = { ...context, contentFiltered: true };
    const body = chatCompletionResponse(
      planChatCompletion(ask('bad'), filtered),
      filtered,
    ) as Completion;
    expect(body.choices[0]).toMatchObject({
      finish_reason: 'content_filter',
      message: { content: '' },
    });
  });
});

describe('chatCompletionChunks', () => {
  it('streams the same text as the plain answer and ends with a usage chunk when asked', () => {
    const plan = planChatCompletion(ask('stream me please'), context);
    const plain = chatCompletionResponse(plan, context) as Completion;
    const chunks = chatCompletionChunks(plan, context, true) as Array<{
      choices: Array<{ delta: { content?: string | null }; finish_reason: string | null }>;
      usage?: unknown;
    }>;
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(plain.choices[0]?.message.content);
    const last = chunks[chunks.length - 1];
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(plain.usage);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks[chunks.length - 2]?.choices[0]?.finish_reason).toBe('stop');
  });

  it('omits usage without include_usage and streams tool call arguments in pieces', () => {
    const plan = planChatCompletion(
      {
        ...ask('go'),
        tools: [
          {
            type: 'function',
            function: {
              name: 'f',
              parameters: { type: 'object', properties: { q: { type: 'string' } } },
            },
          },
        ],
      },
      context,
    );
    const chunks = chatCompletionChunks(plan, context, false) as Array<{
      choices: Array<{
        delta: { tool_calls?: Array<{ function: { arguments: string } }> };
        finish_reason: string | null;
      }>;
      usage?: unknown;
    }>;
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    const args = chunks
      .map((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function.arguments ?? '')
      .join('');
    expect(JSON.parse(args)).toEqual({ q: expect.stringMatching(/^mock-/) });
    expect(chunks[chunks.length - 1]?.choices[0]?.finish_reason).toBe('tool_calls');
  });
});

describe('message helpers', () => {
  it('reads string and part-array content and counts per-message overhead', () => {
    expect(messageText('abc')).toBe('abc');
    expect(
      messageText([
        { type: 'text', text: 'a' },
        { type: 'image_url' },
        { type: 'text', text: 'b' },
      ]),
    ).toBe('ab');
    expect(
      estimatePromptTokens([
        { role: 'user', content: 'abcd' },
        { role: 'system', content: '' },
      ]),
    ).toBe(10);
  });
});
