import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { specOrReport } from '../test/spec-or-report';
import { keyId } from './key-id';
import { FAULT_HEADER, type MockOpenAI, startMockOpenAI } from './mock-openai';

const KEY = 'sk-mock-valid-key-0001';
const OTHER_KEY = 'sk-mock-other-key-0002';
let mock: MockOpenAI;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({
    keys: [KEY, OTHER_KEY],
    forbiddenModels: { [OTHER_KEY]: ['gpt-4o'] },
  });
  client = new OpenAI({ apiKey: KEY, baseURL: mock.url, maxRetries: 0 });
});

afterEach(() => {
  mock.clearRequests();
});

afterAll(async () => {
  await mock.close();
});

const ask = (content: string) => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content }],
});

describe('startMockOpenAI with the official openai SDK', () => {
  it('binds 127.0.0.1 on a free port and exposes the /v1 base URL', () => {
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}/v1`);
    expect(mock.port).toBeGreaterThan(0);
  });

  it('completes a chat with deterministic content, id, created, usage and the API headers', async () => {
    const { data, response, request_id } = await client.chat.completions
      .create(ask('Tell me about caching'))
      .withResponse();
    expect(data.id).toMatch(/^chatcmpl-/);
    expect(data.created).toBeGreaterThan(1_700_000_000);
    expect(data.choices[0]?.message.content).toMatch(
      /^Mock answer [0-9a-f]{8}: Tell me about caching$/,
    );
    expect(data.usage?.total_tokens).toBe(
      (data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0),
    );
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('x-request-id')).toBe(request_id);
    expect(Number(response.headers.get('openai-processing-ms'))).toBeGreaterThanOrEqual(0);
    for (const name of ['limit', 'remaining', 'reset']) {
      expect(response.headers.get(`x-ratelimit-${name}-requests`)).toBeTruthy();
      expect(response.headers.get(`x-ratelimit-${name}-tokens`)).toBeTruthy();
    }
    const again = await client.chat.completions.create(ask('Tell me about caching'));
    const other = await client.chat.completions.create(ask('Tell me about queues'));
    expect(again.choices[0]?.message.content).toBe(data.choices[0]?.message.content);
    expect(again.id).not.toBe(data.id);
    expect(other.choices[0]?.message.content).not.toBe(data.choices[0]?.message.content);
  });

  it('streams a chat with include_usage: the same text, then a usage chunk', async () => {
    const plain = await client.chat.completions.create(ask('stream please'));
    const stream = await client.chat.completions.create({
      ...ask('stream please'),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(plain.choices[0]?.message.content);
    expect(finish).toBe('stop');
    expect(usage).toEqual(plain.usage);
  });

  it('streams n choices and tool calls the SDK assembles', async () => {
    const stream = client.chat.completions.stream({
      ...ask('weather in Paris?'),
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            },
          },
        },
      ],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('get_weather');
    expect(
      call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined,
    ).toHaveProperty('city');

    const many = await client.chat.completions.create({ ...ask('pick'), n: 2, stream: true });
    const texts = ['', ''];
    for await (const chunk of many) {
      for (const choice of chunk.choices) texts[choice.index] += choice.delta.content ?? '';
    }
    expect(texts[0]).toMatch(/^\[0\] Mock answer/);
    expect(texts[1]).toMatch(/^\[1\] Mock answer/);
  });

  it('creates a response and streams one', async () => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hi' });
    expect(response.status).toBe('completed');
    expect(response.output_text).toMatch(/^Mock answer [0-9a-f]{8}: Say hi$/);
    expect(response.usage?.total_tokens).toBeGreaterThan(0);

    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Say hi',
      stream: true,
    });
    let text = '';
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(text).toBe(response.output_text);
    expect(types[0]).toBe('response.created');
    expect(types[types.length - 1]).toBe('response.completed');
    const helper = await client.responses
      .stream({ model: 'gpt-4o-mini', input: 'Say hi' })
      .finalResponse();
    expect(helper.output_text).toBe(response.output_text);
  });

  it('creates embeddings as base64 (the SDK default) and as floats, with the same values', async () => {
    const defaulted = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
    });
    expect(defaulted.data).toHaveLength(2);
    expect(defaulted.data[0]?.embedding).toHaveLength(1536);
    expect(defaulted.usage.prompt_tokens).toBe(2);
    expect(mock.requests()[0]?.body).toMatchObject({ encoding_format: 'base64' });
    const floats = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      encoding_format: 'float',
    });
    expect(floats.data[0]?.embedding.map((value) => Math.fround(value))).toEqual(
      defaulted.data[0]?.embedding,
    );
  });

  it('lists and retrieves models; an unknown model id is a 404', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
    const model = await client.models.retrieve('gpt-4o-mini');
    expect(model).toMatchObject({ id: 'gpt-4o-mini', object: 'model' });
    const error = await client.models.retrieve('no-such-model').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });
});

describe('auth', () => {
  it('answers 401 invalid_api_key for a wrong key without echoing it', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong-secret-9999', baseURL: mock.url, maxRetries: 0 });
    const error = await wrong.chat.completions.create(ask('hi')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(apiError.status).toBe(401);
    expect(apiError.code).toBe('invalid_api_key');
    expect(apiError.type).toBe('invalid_request_error');
    expect(apiError.message).not.toContain('sk-wrong-secret-9999');
  });

  it('answers 401 without a key and accepts the Azure api-key header', async () => {
    const missing = await fetch(`${mock.url}/chat/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /didn't provide an API key/,
    );
    const azure = await fetch(
      `http://127.0.0.1:${mock.port}/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21`,
      {
        method: 'POST',
        headers: { 'api-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      },
    );
    expect(azure.status).toBe(200);
    expect(((await azure.json()) as { model: string }).model).toBe('gpt-4o-mini');
    expect(mock.requests().at(-1)?.headers['api-key']).not.toContain(KEY);
  });

  it('answers 403 for a key without access to a model, and serves other keys', async () => {
    const other = new OpenAI({ apiKey: OTHER_KEY, baseURL: mock.url, maxRetries: 0 });
    const error = await other.chat.completions
      .create({ ...ask('hi'), model: 'gpt-4o' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((error as InstanceType<typeof OpenAI.PermissionDeniedError>).status).toBe(403);
    await expect(other.chat.completions.create(ask('hi'))).resolves.toBeTruthy();
    await expect(
      client.chat.completions.create({ ...ask('hi'), model: 'gpt-4o' }),
    ).resolves.toBeTruthy();
  });
});

describe('inspection', () => {
  it('records method, path, redacted headers, body and key id, never the key', async () => {
    await client.chat.completions.create({ ...ask('record me'), temperature: 0.2 });
    const [entry] = mock.requests();
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      keyId: keyId(KEY),
      status: 200,
      body: {
        model: 'gpt-4o-mini',
        temperature: 0.2,
        messages: [{ role: 'user', content: 'record me' }],
      },
    });
    expect(entry?.headers.authorization).toBe(`Bearer [redacted ${keyId(KEY)}]`);
    expect(entry?.headers['content-type']).toBe('application/json');
    expect(JSON.stringify(mock.requests())).not.toContain(KEY);
    mock.clearRequests();
    expect(mock.requests()).toEqual([]);
  });

  it('counts requests by path and status, faults by type, and connections', async () => {
    const local = await startMockOpenAI({ validateRequests: false });
    const sdk = new OpenAI({ apiKey: 'sk-any', baseURL: local.url, maxRetries: 0 });
    await sdk.chat.completions.create(ask('one'));
    await sdk.chat.completions
      .create(ask('two'), {
        headers: { [FAULT_HEADER]: JSON.stringify({ type: 'server_error', status: 502 }) },
      })
      .catch(() => undefined);
    await sdk.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    const stats = local.stats();
    expect(stats.requests).toEqual({
      total: 3,
      byPath: { '/v1/chat/completions': 2, '/v1/embeddings': 1 },
      byStatus: { '200': 2, '502': 1 },
    });
    expect(stats.faults).toEqual({ total: 1, byType: { server_error: 1 } });
    expect(stats.connections.opened).toBeGreaterThan(0);
    await local.close();
    const after = local.stats();
    expect(after.connections.open).toBe(0);
    expect(after.connections.closed).toBe(after.connections.opened);
  });

  it('keeps at most maxRecordedRequests entries, newest last', async () => {
    const local = await startMockOpenAI({ validateRequests: false, maxRecordedRequests: 2 });
    const sdk = new OpenAI({ apiKey: 'sk-any', baseURL: local.url, maxRetries: 0 });
    for (const word of ['a', 'b', 'c', 'd', 'e']) await sdk.chat.completions.create(ask(word));
    const bodies = local
      .requests()
      .map(
        (entry) => (entry.body as { messages: Array<{ content: string }> }).messages[0]?.content,
      );
    expect(bodies).toEqual(['d', 'e']);
    await local.close();
  });
});

describe('request checks', () => {
  it('answers 400 in OpenAI shape when a body does not conform to the request schema', async () => {
    const validator = await specOrReport('request validation');
    if (validator === undefined) {
      expect(mock.validating).toBe(false);
      return;
    }
    expect(mock.validating).toBe(true);
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'wizard', content: 'hi' }] } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(apiError.type).toBe('invalid_request_error');
    expect(apiError.message).toContain('CreateChatCompletionRequest');
    expect(apiError.param).toMatch(/^messages\.0/);
    const embedding = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: 'x', encoding_format: 'hex' } as never)
      .catch((caught: unknown) => caught);
    expect(embedding).toBeInstanceOf(OpenAI.BadRequestError);
    const responses = await client.responses
      .create({ model: 'gpt-4o-mini', input: 42 } as never)
      .catch((caught: unknown) => caught);
    expect(responses).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('skips schema work when validation is off, and warns once when the spec is missing', async () => {
    const off = await startMockOpenAI({ validateRequests: false });
    expect(off.validating).toBe(false);
    const sdk = new OpenAI({ apiKey: 'sk-any', baseURL: off.url, maxRetries: 0 });
    await expect(
      sdk.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'wizard', content: 'hi' }],
      } as never),
    ).resolves.toBeTruthy();
    await off.close();

    const warnings: string[] = [];
    const specPath = '/nonexistent/aiclient-test/openapi.yaml';
    const first = await startMockOpenAI({
      specPath,
      onWarning: (message) => warnings.push(message),
    });
    const second = await startMockOpenAI({
      specPath,
      onWarning: (message) => warnings.push(message),
    });
    expect(first.validating).toBe(false);
    expect(warnings).toEqual([
      expect.stringContaining(`spec not found at ${specPath}: OpenAPI validation is off`),
    ]);
    await first.close();
    await second.close();
  });

  it('answers 400 for a body that is not JSON and 404 for an unknown route', async () => {
    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const broken = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      headers,
      body: '{nope',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(
      /could not parse the JSON/,
    );
    const unknown = await fetch(`${mock.url}/completions/legacy`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: {
        message: 'Invalid URL (POST /v1/completions/legacy)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('rejects models it does not list when asked to', async () => {
    const strict = await startMockOpenAI({
      validateRequests: false,
      rejectUnknownModels: true,
      models: ['only-model'],
    });
    const sdk = new OpenAI({ apiKey: 'sk-any', baseURL: strict.url, maxRetries: 0 });
    await expect(
      sdk.chat.completions.create({ ...ask('x'), model: 'only-model' }),
    ).resolves.toBeTruthy();
    const error = await sdk.chat.completions.create(ask('x')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    await strict.close();
  });
});
