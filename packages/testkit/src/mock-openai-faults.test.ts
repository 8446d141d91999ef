import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyId } from './key-id';
import { FAULT_HEADER, type MockOpenAI, startMockOpenAI } from './mock-openai';

const KEY = 'sk-fault-key-a';
let mock: MockOpenAI;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({ validateRequests: false });
  client = new OpenAI({ apiKey: KEY, baseURL: mock.url, maxRetries: 0 });
});

beforeEach(() => {
  mock.clearFaults();
});

afterAll(async () => {
  await mock.close();
});

const ask = (content = 'hello fault') => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content }],
});
const streamAsk = () => ({ ...ask('stream with fault'), stream: true as const });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

/** Reads a stream to its end, returning the chunks seen and the error that ended it, if any. */
async function drain(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<{
  chunks: OpenAI.ChatCompletionChunk[];
  error: unknown;
}> {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

describe('error faults, observed from the SDK', () => {
  it('429 rate_limit with retry-after, retry-after-ms and reset headers: first two calls, then success', async () => {
    mock.setFaults([
      { times: 2, fault: { type: 'rate_limit', retryAfterSeconds: 1, retryAfterMs: 1000 } },
    ]);
    for (let call = 0; call < 2; call++) {
      const error = await failure(client.chat.completions.create(ask()));
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
      expect(apiError.status).toBe(429);
      expect(apiError.code).toBe('rate_limit_exceeded');
      expect(apiError.type).toBe('requests');
      expect(apiError.headers.get('retry-after')).toBe('1');
      expect(apiError.headers.get('retry-after-ms')).toBe('1000');
      expect(apiError.headers.get('x-ratelimit-reset-requests')).toBe('1s');
      expect(apiError.headers.get('x-ratelimit-reset-tokens')).toBe('1s');
      expect(apiError.requestID).toMatch(/^req_/);
    }
    await expect(client.chat.completions.create(ask())).resolves.toMatchObject({
      object: 'chat.completion',
    });
  });

  it('lets the SDK retry through scripted 429s when retries are on', async () => {
    mock.setFaults([
      { times: 2, fault: { type: 'rate_limit', retryAfterSeconds: null, retryAfterMs: 5 } },
    ]);
    const retrying = new OpenAI({ apiKey: KEY, baseURL: mock.url, maxRetries: 2 });
    mock.clearRequests();
    await expect(retrying.chat.completions.create(ask())).resolves.toBeTruthy();
    expect(mock.requests().map((entry) => entry.status)).toEqual([429, 429, 200]);
    expect(mock.requests().map((entry) => entry.fault)).toEqual([
      'rate_limit',
      'rate_limit',
      undefined,
    ]);
  });

  it('429 insufficient_quota', async () => {
    mock.setFaults([{ fault: { type: 'insufficient_quota' } }]);
    const error = (await failure(client.chat.completions.create(ask()))) as InstanceType<
      typeof OpenAI.RateLimitError
    >;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('insufficient_quota');
    expect(error.type).toBe('insufficient_quota');
  });

  it('400 context_length_exceeded', async () => {
    mock.setFaults([{ fault: { type: 'context_length_exceeded', maxTokens: 8192 } }]);
    const error = (await failure(client.chat.completions.create(ask()))) as InstanceType<
      typeof OpenAI.BadRequestError
    >;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('context_length_exceeded');
    expect(error.param).toBe('messages');
    expect(error.message).toContain('maximum context length is 8192 tokens');
  });

  it('content filter as a 400, and as finish_reason content_filter', async () => {
    mock.setFaults([{ times: 1, fault: { type: 'content_filter' } }]);
    const error = (await failure(client.chat.completions.create(ask()))) as InstanceType<
      typeof OpenAI.BadRequestError
    >;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('content_filter');
    mock.setFaults([{ fault: { type: 'content_filter', mode: 'finish_reason' } }]);
    const filtered = await client.chat.completions.create(ask());
    expect(filtered.choices[0]?.finish_reason).toBe('content_filter');
    const streamed = await drain(await client.chat.completions.create(streamAsk()));
    expect(streamed.chunks.at(-1)?.choices[0]?.finish_reason).toBe('content_filter');
  });

  it('500, 502, 503 and 504 server errors', async () => {
    for (const status of [500, 502, 503, 504]) {
      mock.setFaults([{ fault: { type: 'server_error', status } }]);
      const error = (await failure(client.chat.completions.create(ask()))) as InstanceType<
        typeof OpenAI.APIError
      >;
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      expect(error.status).toBe(status);
      expect(error.type).toBe('server_error');
    }
  });

  it('any status with a custom body and headers', async () => {
    mock.setFaults([
      {
        fault: {
          type: 'status',
          status: 409,
          body: { error: { message: 'busy', type: 'conflict' } },
          headers: { 'x-extra': '1' },
        },
      },
    ]);
    const error = (await failure(client.chat.completions.create(ask()))) as InstanceType<
      typeof OpenAI.ConflictError
    >;
    expect(error).toBeInstanceOf(OpenAI.ConflictError);
    expect(error.message).toContain('busy');
    expect(error.headers.get('x-extra')).toBe('1');
  });
});

describe('transport faults, observed from the SDK', () => {
  it('latency before headers trips the SDK timeout; a short one only delays', async () => {
    mock.setFaults([{ times: 1, fault: { type: 'latency', ms: 5000 } }]);
    const error = await failure(client.chat.completions.create(ask(), { timeout: 150 }));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    mock.setFaults([{ times: 1, fault: { type: 'latency', ms: 20 } }]);
    await expect(client.chat.completions.create(ask())).resolves.toBeTruthy();
  });

  it('latency between chunks delays every chunk', async () => {
    mock.setFaults([{ fault: { type: 'chunk_latency', ms: 25 } }]);
    const started = Date.now();
    const { chunks, error } = await drain(await client.chat.completions.create(streamAsk()));
    expect(error).toBeUndefined();
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    // A lower bound only (delays can grow on a loaded machine, never shrink): one wait per frame.
    expect(Date.now() - started).toBeGreaterThanOrEqual(25 * chunks.length);
  });

  it('a stream that stalls forever after N chunks', async () => {
    mock.setFaults([{ fault: { type: 'stall', afterChunks: 2 } }]);
    const controller = new AbortController();
    const stream = await client.chat.completions.create(streamAsk(), { signal: controller.signal });
    const seen: OpenAI.ChatCompletionChunk[] = [];
    const iterator = stream[Symbol.asyncIterator]();
    for (let index = 0; index < 2; index++) {
      const next = await iterator.next();
      if (!next.done) seen.push(next.value);
    }
    expect(seen).toHaveLength(2);
    const third = iterator.next();
    const outcome = await Promise.race([
      third.then(() => 'chunk'),
      new Promise((resolve) => setTimeout(() => resolve('stalled'), 300)),
    ]);
    expect(outcome).toBe('stalled');
    // Only the caller's abort ends it (the SDK then finishes the iteration quietly).
    controller.abort();
    await expect(third).resolves.toMatchObject({ done: true });
    expect(mock.requests().at(-1)?.fault).toBe('stall');
  });

  it('a non-streaming call that never answers trips the SDK timeout', async () => {
    mock.setFaults([{ fault: { type: 'stall' } }]);
    const error = await failure(client.chat.completions.create(ask(), { timeout: 150 }));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  it('a stream cut mid-way (socket destroyed)', async () => {
    mock.setFaults([{ fault: { type: 'cut', afterChunks: 2 } }]);
    const { chunks, error } = await drain(await client.chat.completions.create(streamAsk()));
    expect(chunks).toHaveLength(2);
    expect(error).toBeInstanceOf(Error);
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
  });

  it('a JSON body cut mid-way', async () => {
    mock.setFaults([{ fault: { type: 'cut' } }]);
    await expect(client.chat.completions.create(ask())).rejects.toBeInstanceOf(Error);
  });

  it('malformed JSON in a body and in a stream event', async () => {
    mock.setFaults([{ fault: { type: 'malformed_json' } }]);
    const error = await failure(client.chat.completions.create(ask()));
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(OpenAI.APIError);
    const streamed = await drain(await client.chat.completions.create(streamAsk()));
    expect(streamed.chunks).toHaveLength(1);
    expect(streamed.error).toBeInstanceOf(Error);
  });

  it('a truncated SSE event: the stream ends without its last events', async () => {
    mock.setFaults([{ fault: { type: 'truncated_sse', afterChunks: 2 } }]);
    const { chunks, error } = await drain(await client.chat.completions.create(streamAsk()));
    // The response ends cleanly mid-event: the SDK flushes the half event and cannot parse it.
    expect(chunks).toHaveLength(2);
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
    expect(error).toBeInstanceOf(SyntaxError);
    const last = mock.requests().at(-1);
    expect(last?.fault).toBe('truncated_sse');
  });

  it('connection reset before a response', async () => {
    mock.setFaults([{ fault: { type: 'reset' } }]);
    const error = await failure(client.chat.completions.create(ask()));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(mock.stats().faults.byType.reset).toBeGreaterThan(0);
  });

  it('faults on the Responses API stream too', async () => {
    mock.setFaults([{ match: { path: '/responses' }, fault: { type: 'cut', afterChunks: 3 } }]);
    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'hi',
      stream: true,
    });
    const types: string[] = [];
    await expect(
      (async () => {
        for await (const event of stream) types.push(event.type);
      })(),
    ).rejects.toBeInstanceOf(Error);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
    ]);
  });
});

describe('scripting', () => {
  it('targets a model, a key and streams only', async () => {
    mock.setFaults([
      { match: { model: 'gpt-4o' }, fault: { type: 'server_error', status: 503 } },
      { match: { key: keyId('sk-fault-key-b') }, fault: { type: 'insufficient_quota' } },
      {
        match: { stream: true, path: '/v1/chat/completions' },
        fault: { type: 'server_error', status: 502 },
      },
    ]);
    await expect(client.chat.completions.create(ask())).resolves.toBeTruthy();
    expect(
      await failure(client.chat.completions.create({ ...ask(), model: 'gpt-4o' })),
    ).toMatchObject({ status: 503 });
    const other = new OpenAI({ apiKey: 'sk-fault-key-b', baseURL: mock.url, maxRetries: 0 });
    expect(await failure(other.chat.completions.create(ask()))).toMatchObject({
      code: 'insufficient_quota',
    });
    expect(await failure(client.chat.completions.create(streamAsk()))).toMatchObject({
      status: 502,
    });
  });

  it('scripts one request with a header', async () => {
    const error = await failure(
      client.chat.completions.create(ask(), {
        headers: { [FAULT_HEADER]: JSON.stringify({ type: 'server_error', status: 504 }) },
      }),
    );
    expect(error).toMatchObject({ status: 504 });
    await expect(client.chat.completions.create(ask())).resolves.toBeTruthy();
  });

  it('injects random faults at a rate, reproducibly from a seed', async () => {
    const outcomes = async (seed: number): Promise<number[]> => {
      const local = await startMockOpenAI({
        validateRequests: false,
        seed,
        faults: [{ probability: 0.5, fault: { type: 'server_error' } }],
      });
      const sdk = new OpenAI({ apiKey: KEY, baseURL: local.url, maxRetries: 0 });
      const statuses: number[] = [];
      for (let index = 0; index < 20; index++) {
        statuses.push(
          await sdk.chat.completions.create(ask()).then(
            () => 200,
            (error: { status?: number }) => error.status ?? 0,
          ),
        );
      }
      await local.close();
      return statuses;
    };
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });
});

describe('server-side rate limits', () => {
  it('answers like the API once a key exceeds its RPM, per key', async () => {
    const limited = await startMockOpenAI({ validateRequests: false, rateLimits: { rpm: 2 } });
    const sdk = new OpenAI({ apiKey: KEY, baseURL: limited.url, maxRetries: 0 });
    const ok = await sdk.chat.completions.create(ask()).withResponse();
    expect(ok.response.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(ok.response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect(ok.response.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?s$/);
    await sdk.chat.completions.create(ask());
    const error = (await failure(sdk.chat.completions.create(ask()))) as InstanceType<
      typeof OpenAI.RateLimitError
    >;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('requests');
    expect(error.message).toMatch(/on requests per min \(RPM\): Limit 2, Used 2, Requested 1/);
    expect(error.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(Number(error.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(error.headers.get('retry-after-ms'))).toBeGreaterThan(0);
    const other = new OpenAI({ apiKey: 'sk-another', baseURL: limited.url, maxRetries: 0 });
    await expect(other.chat.completions.create(ask())).resolves.toBeTruthy();
    await limited.close();
  });

  it('answers 429 on tokens per minute with the tokens headers', async () => {
    const limited = await startMockOpenAI({ validateRequests: false, rateLimits: { tpm: 40 } });
    const sdk = new OpenAI({ apiKey: KEY, baseURL: limited.url, maxRetries: 0 });
    const ok = await sdk.chat.completions.create(ask('short')).withResponse();
    expect(ok.response.headers.get('x-ratelimit-limit-tokens')).toBe('40');
    expect(Number(ok.response.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(40);
    const error = (await failure(
      sdk.chat.completions.create(ask('x'.repeat(400))),
    )) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.type).toBe('tokens');
    expect(error.message).toMatch(/tokens per min \(TPM\): Limit 40/);
    expect(error.headers.get('x-ratelimit-reset-tokens')).toBeTruthy();
    await limited.close();
  });
});
