import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOpenAIAsker } from './openai-asker.js';

let mock: MockOpenAI;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({ validateRequests: false });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.url, maxRetries: 0 });
});
afterAll(async () => {
  await mock.close();
});

it('answers with the default model and maps the sampling options', async () => {
  const asker = createOpenAIAsker(client, { defaultModel: 'gpt-4o-mini' });
  const answer = await asker.answer(
    { prompt: 'hello', maxTokens: 12, temperature: 0.5 },
    AbortSignal.timeout(10_000),
  );
  expect(answer).toMatchObject({
    model: expect.stringContaining('gpt-4o-mini'),
    text: expect.any(String),
    finishReason: expect.any(String),
    usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
  });
  expect(mock.requests().at(-1)?.body).toMatchObject({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hello' }],
    max_completion_tokens: 12,
    temperature: 0.5,
  });
});

it('streams deltas then a done event with usage, for a chat transcript and another model', async () => {
  const asker = createOpenAIAsker(client, { defaultModel: 'gpt-4o-mini' });
  const events = [];
  const request = {
    model: 'gpt-4o',
    messages: [
      { role: 'system' as const, content: 'be brief' },
      { role: 'user' as const, content: 'count' },
    ],
  };
  for await (const event of asker.stream(request, AbortSignal.timeout(10_000))) events.push(event);
  const done = events.at(-1);
  expect(events.slice(0, -1).every((e) => e.type === 'delta')).toBe(true);
  expect(events.length).toBeGreaterThan(1);
  expect(done).toMatchObject({ type: 'done', model: expect.stringContaining('gpt-4o') });
  expect(done?.type === 'done' && done.usage?.outputTokens).toBeGreaterThan(0);
  expect(mock.requests().at(-1)?.body).toMatchObject({
    stream: true,
    stream_options: { include_usage: true },
  });
});
