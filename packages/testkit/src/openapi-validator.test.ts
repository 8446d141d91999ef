import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSse, specOrReport } from '../test/spec-or-report';
import { type MockOpenAI, startMockOpenAI } from './mock-openai';
import { loadOpenApiValidator } from './openapi-validator';

const KEY = 'sk-conformance-key';
let mock: MockOpenAI;

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const chatBody = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Check my shape' }] };
const tools = [
  {
    type: 'function',
    function: {
      name: 'lookup',
      description: 'Looks a thing up',
      parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
    },
  },
];

beforeAll(async () => {
  mock = await startMockOpenAI({ keys: [KEY], validateRequests: false });
});

afterAll(async () => {
  await mock.close();
});

describe('OpenAPI conformance of what the mock answers', () => {
  it('answers chat completions (plain, n, tools, truncated, soft-filtered) that match CreateChatCompletionResponse', async () => {
    const validator = await specOrReport('CreateChatCompletionResponse');
    if (validator === undefined) return;
    const bodies = [
      chatBody,
      { ...chatBody, n: 3 },
      { ...chatBody, tools },
      { ...chatBody, max_completion_tokens: 1 },
    ];
    for (const body of bodies) {
      const answer: unknown = await (await post('/chat/completions', body)).json();
      expect(validator.validate('CreateChatCompletionResponse', answer)).toEqual({
        valid: true,
        errors: [],
      });
    }
    const filtered: unknown = await (
      await post('/chat/completions', chatBody, {
        'x-aiclient-mock-fault': JSON.stringify({ type: 'content_filter', mode: 'finish_reason' }),
      })
    ).json();
    expect(validator.validate('CreateChatCompletionResponse', filtered).valid).toBe(true);
  });

  it('streams chat chunks that each match CreateChatCompletionStreamResponse', async () => {
    const validator = await specOrReport('CreateChatCompletionStreamResponse');
    if (validator === undefined) return;
    const bodies = [
      { ...chatBody, stream: true, stream_options: { include_usage: true } },
      { ...chatBody, stream: true, n: 2 },
      { ...chatBody, stream: true, tools, stream_options: { include_usage: true } },
    ];
    for (const body of bodies) {
      const events = parseSse(await (await post('/chat/completions', body)).text());
      expect(events[events.length - 1]?.data).toBe('[DONE]');
      for (const event of events.slice(0, -1)) {
        const check = validator.validate(
          'CreateChatCompletionStreamResponse',
          JSON.parse(event.data),
        );
        expect(check.errors).toEqual([]);
      }
    }
  });

  it('answers Responses that match Response, and stream events that match ResponseStreamEvent', async () => {
    const validator = await specOrReport('Response / ResponseStreamEvent');
    if (validator === undefined) return;
    const plain: unknown = await (
      await post('/responses', { model: 'gpt-4o-mini', input: 'Check', instructions: 'Be brief' })
    ).json();
    expect(validator.validate('Response', plain)).toEqual({ valid: true, errors: [] });
    const truncated: unknown = await (
      await post('/responses', {
        model: 'gpt-4o-mini',
        input: 'one two three',
        max_output_tokens: 16,
      })
    ).json();
    expect(validator.validate('Response', truncated).valid).toBe(true);
    const events = parseSse(
      await (
        await post('/responses', {
          model: 'gpt-4o-mini',
          input: [{ role: 'user', content: 'Hi' }],
          stream: true,
        })
      ).text(),
    );
    expect(events.length).toBeGreaterThan(8);
    for (const event of events) {
      const parsed = JSON.parse(event.data) as { type: string };
      expect(event.event).toBe(parsed.type);
      expect(validator.validate('ResponseStreamEvent', parsed).errors).toEqual([]);
    }
  });

  it('answers embeddings (float and base64) that match CreateEmbeddingResponse', async () => {
    const validator = await specOrReport('CreateEmbeddingResponse');
    if (validator === undefined) return;
    const floats: unknown = await (
      await post('/embeddings', {
        model: 'text-embedding-3-small',
        input: ['a', 'b'],
        encoding_format: 'float',
      })
    ).json();
    expect(validator.validate('CreateEmbeddingResponse', floats)).toEqual({
      valid: true,
      errors: [],
    });
    // The spec types `embedding` as a float array only; the API answers base64 as a string.
    // Check everything else, then the string decodes to the same floats.
    const encoded = (await (
      await post('/embeddings', {
        model: 'text-embedding-3-small',
        input: ['a', 'b'],
        encoding_format: 'base64',
      })
    ).json()) as { data: Array<{ embedding: unknown }> };
    const decoded = structuredClone(encoded);
    for (const item of decoded.data) {
      expect(typeof item.embedding).toBe('string');
      const bytes = Buffer.from(item.embedding as string, 'base64');
      item.embedding = Array.from(
        new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
      );
    }
    expect(validator.validate('CreateEmbeddingResponse', decoded)).toEqual({
      valid: true,
      errors: [],
    });
    expect(validator.validate('CreateEmbeddingResponse', encoded).firstPath).toBe(
      '/data/0/embedding',
    );
    expect(decoded.data.map((item) => item.embedding)).toEqual(
      (floats as { data: Array<{ embedding: number[] }> }).data.map((item) =>
        item.embedding.map((value) => Math.fround(value)),
      ),
    );
  });

  it('lists models matching ListModelsResponse and Model', async () => {
    const validator = await specOrReport('ListModelsResponse / Model');
    if (validator === undefined) return;
    const headers = { authorization: `Bearer ${KEY}` };
    const list: unknown = await (await fetch(`${mock.url}/models`, { headers })).json();
    expect(validator.validate('ListModelsResponse', list)).toEqual({ valid: true, errors: [] });
    const model: unknown = await (
      await fetch(`${mock.url}/models/gpt-4o-mini`, { headers })
    ).json();
    expect(validator.validate('Model', model)).toEqual({ valid: true, errors: [] });
  });

  it('answers errors (401, 400, 403, 404, 429, 5xx) that match ErrorResponse', async () => {
    const validator = await specOrReport('ErrorResponse');
    if (validator === undefined) return;
    const faults = [
      { type: 'rate_limit' },
      { type: 'insufficient_quota' },
      { type: 'context_length_exceeded' },
      { type: 'content_filter' },
      { type: 'server_error', status: 503 },
    ];
    const answers: unknown[] = [
      await (
        await post('/chat/completions', chatBody, { authorization: 'Bearer sk-wrong' })
      ).json(),
      await (await post('/nope', chatBody)).json(),
    ];
    for (const fault of faults) {
      answers.push(
        await (
          await post('/chat/completions', chatBody, {
            'x-aiclient-mock-fault': JSON.stringify(fault),
          })
        ).json(),
      );
    }
    for (const answer of answers) {
      expect(validator.validate('ErrorResponse', answer)).toEqual({ valid: true, errors: [] });
    }
  });

  it('fails a deliberately wrong response, so the check can fail', async () => {
    const validator = await specOrReport('negative control');
    if (validator === undefined) return;
    const good = (await (await post('/chat/completions', chatBody)).json()) as {
      choices: Array<{ finish_reason: string }>;
      id?: string;
    };
    const wrongReason = structuredClone(good);
    (wrongReason.choices[0] as { finish_reason: string }).finish_reason = 'banana';
    const check = validator.validate('CreateChatCompletionResponse', wrongReason);
    expect(check.valid).toBe(false);
    expect(check.firstPath).toBe('/choices/0/finish_reason');
    const missingId = structuredClone(good);
    delete missingId.id;
    expect(validator.validate('CreateChatCompletionResponse', missingId).errors.join()).toContain(
      "'id'",
    );
    expect(
      validator.validate('CreateEmbeddingResponse', { object: 'list', data: 'nope' }).valid,
    ).toBe(false);
    expect(
      validator.validate('ResponseStreamEvent', { type: 'response.output_text.delta' }).valid,
    ).toBe(false);
  });
});

describe('loadOpenApiValidator', () => {
  it('reports a missing spec instead of throwing, naming the path', async () => {
    const result = await loadOpenApiValidator({ specPath: '/nonexistent/openapi.yaml' });
    expect(result).toMatchObject({ status: 'missing', specPath: '/nonexistent/openapi.yaml' });
    expect(result.status === 'missing' ? result.message : '').toContain(
      'spec not found at /nonexistent/openapi.yaml',
    );
  });

  it('loads once per process and path', async () => {
    const first = await loadOpenApiValidator();
    expect(await loadOpenApiValidator()).toBe(first);
  });

  it('refuses to validate against a schema the spec does not define', async () => {
    const validator = await specOrReport('unknown schema name');
    if (validator === undefined) return;
    expect(validator.hasSchema('NoSuchSchema')).toBe(false);
    expect(() => validator.validate('NoSuchSchema', {})).toThrow(/no schema named NoSuchSchema/);
  });
});
