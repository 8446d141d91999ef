import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AIAbortedError } from '@aiclient/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyApiKey } from './verify-api-key';

const key = (name: string) => `sk-proj-${name.padEnd(156, 'Z')}`;
const KEYS = {
  valid: key('valid'),
  invalid: key('invalid'),
  forbidden: key('forbidden'),
  quota: key('quota'),
  rate: key('rate'),
  broken: key('broken'),
  hang: key('hang'),
  echo: key('echo'),
};

type Handler = (res: ServerResponse) => void;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

const HANDLERS: Record<string, Handler> = {
  [KEYS.valid]: json(200, { object: 'list', data: [] }, { 'x-request-id': 'req_valid' }),
  [KEYS.invalid]: json(
    401,
    {
      error: {
        message: 'Incorrect API key provided',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    },
    { 'x-request-id': 'req_401' },
  ),
  [KEYS.forbidden]: json(403, {
    error: { message: 'Project does not have access', type: 'invalid_request_error' },
  }),
  [KEYS.quota]: json(429, {
    error: {
      message: 'You exceeded your current quota',
      type: 'insufficient_quota',
      code: 'insufficient_quota',
    },
  }),
  [KEYS.rate]: json(
    429,
    { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
    { 'retry-after': '1' },
  ),
  [KEYS.broken]: json(500, { error: { message: 'The server had an error' } }),
  [KEYS.echo]: json(401, { error: { message: `Incorrect API key provided: ${KEYS.echo}` } }),
  // Never answers: the client's timeout must end the wait.
  [KEYS.hang]: () => {},
};

let server: Server;
let baseURL: string;
const seen: Array<{
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
}> = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    (HANDLERS[token] ?? json(401, { error: { message: 'unknown key' } }))(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

describe('verifyApiKey', () => {
  it('200 -> valid, calling GET /models with the key as Bearer', async () => {
    const result = await verifyApiKey(KEYS.valid, { baseURL: `${baseURL}/` });
    expect(result).toEqual({
      status: 'valid',
      httpStatus: 200,
      requestId: 'req_valid',
      message: 'Key sk-...ZZZZ is valid',
    });
    expect(seen.at(-1)).toEqual({
      method: 'GET',
      url: '/v1/models',
      authorization: `Bearer ${KEYS.valid}`,
    });
  });

  it.each([
    ['invalid', 'invalid', 401, /rejected \(401\): Incorrect API key provided/],
    ['forbidden', 'forbidden', 403, /not allowed here \(403\)/],
    ['quota', 'quota_exhausted', 429, /Quota .* exhausted/],
    ['rate', 'rate_limited', 429, /rate limited/],
    ['broken', 'error', 500, /Unexpected HTTP 500/],
  ] as const)('%s key -> %s (%d)', async (name, status, httpStatus, message) => {
    const result = await verifyApiKey(KEYS[name], { baseURL });
    expect(result.status).toBe(status);
    expect(result.httpStatus).toBe(httpStatus);
    expect(result.message).toMatch(message);
    expect(result.message).not.toContain(KEYS[name]);
  });

  it('keeps the request id of an error response', async () => {
    expect((await verifyApiKey(KEYS.invalid, { baseURL })).requestId).toBe('req_401');
  });

  it('never returns the key even when the server echoes it', async () => {
    const result = await verifyApiKey(KEYS.echo, { baseURL });
    expect(result.status).toBe('invalid');
    expect(JSON.stringify(result)).not.toContain(KEYS.echo.slice(8, 60));
  });

  it('connection refused -> unreachable', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const result = await verifyApiKey(KEYS.valid, { baseURL: `http://127.0.0.1:${port}/v1` });
    expect(result.status).toBe('unreachable');
    expect(result.httpStatus).toBeUndefined();
    expect(result.message).toMatch(/ECONNREFUSED/);
  });

  it('no response in time -> unreachable', async () => {
    const result = await verifyApiKey(KEYS.hang, { baseURL, timeoutMs: 150 });
    expect(result).toEqual({
      status: 'unreachable',
      message: `No response from ${baseURL}/models within 150 ms`,
    });
  });

  it('rejects with AIAbortedError when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = verifyApiKey(KEYS.hang, {
      baseURL,
      signal: controller.signal,
      timeoutMs: 5000,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AIAbortedError);
    await expect(
      verifyApiKey(KEYS.valid, { baseURL, signal: AbortSignal.abort() }),
    ).rejects.toThrow();
  });

  it('reports a key a header cannot carry as invalid without calling the server', async () => {
    const before = seen.length;
    const result = await verifyApiKey(`${KEYS.valid}\n`, { baseURL });
    expect(result.status).toBe('invalid');
    expect(result.message).not.toContain(KEYS.valid);
    expect(seen.length).toBe(before);
  });

  it('uses the fetch it is given', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response('{}', { status: 200 });
    };
    const result = await verifyApiKey(KEYS.valid, {
      baseURL: 'https://example.test/v1',
      fetch: fakeFetch,
    });
    expect(result.status).toBe('valid');
    expect(calls).toEqual(['https://example.test/v1/models']);
  });

  it('reports a fetch that throws a non-network error as unreachable with its message', async () => {
    const failing: typeof fetch = async () => {
      throw new Error(`proxy refused ${KEYS.valid}`);
    };
    const result = await verifyApiKey(KEYS.valid, { fetch: failing });
    expect(result.status).toBe('unreachable');
    expect(result.message).toContain('proxy refused');
    expect(result.message).not.toContain(KEYS.valid.slice(8, 40));
  });
});
