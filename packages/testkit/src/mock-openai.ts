import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  chatCompletionChunks,
  chatCompletionResponse,
  chatPlanTokens,
  planChatCompletion,
} from './chat-completion';
import { ChatResponseCache } from './chat-response-cache';
import { embeddingsResponse, estimateEmbeddingTokens } from './embeddings';
import {
  type Fault,
  type FaultDecision,
  FaultPlan,
  type FaultRule,
  type FaultType,
} from './fault-plan';
import { formatResetDuration } from './format-reset-duration';
import { keyId as toKeyId } from './key-id';
import { KeyRateLimiter, type RateLimits } from './key-rate-limiter';
import { DEFAULT_MODELS, listModels, modelObject } from './models';
import { openAIErrorBody } from './openai-error-body';
import { loadOpenApiValidator, type OpenApiValidator } from './openapi-validator';
import {
  planResponse,
  responseBody,
  responsePlanTokens,
  responseStreamEvents,
} from './responses-api';

/** Options of {@link startMockOpenAI}; all optional. */
export interface MockOpenAIOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Valid API keys. Empty or absent: any non-empty Bearer token (or `api-key` header) passes. */
  keys?: readonly string[];
  /**
   * Models answered with 403: a list (for every key) or a map from API key (or key id) to the
   * models that key may not use.
   */
  forbiddenModels?: readonly string[] | Readonly<Record<string, readonly string[]>>;
  /** Model ids `GET /v1/models` lists. @default DEFAULT_MODELS */
  models?: readonly string[];
  /** Answer 404 `model_not_found` for models not in `models` (otherwise any model works). @default false */
  rejectUnknownModels?: boolean;
  /**
   * Check every request body against the OpenAPI spec's request schema, answering 400 when it
   * does not conform. Off means no per-request schema work (the throughput setting). @default true
   */
  validateRequests?: boolean;
  /** Path of OpenAI's openapi.yaml. @default env AICLIENT_OPENAPI_SPEC, else <repo root>/../shared/openai-openapi/openapi.yaml */
  specPath?: string;
  /** Fault rules, evaluated in order (see the README's fault table). @default [] */
  faults?: readonly FaultRule[];
  /** Seed of the PRNG behind fault probabilities. @default 1 */
  seed?: number;
  /** Server-side RPM/TPM windows applied to each key separately. @default none */
  rateLimits?: RateLimits;
  /** Most recent requests kept for `requests()`. @default 10000 */
  maxRecordedRequests?: number;
  /** Receives the one warning about a missing spec. @default console.warn */
  onWarning?: (message: string) => void;
}

/** A request the mock received, safe to print: the key is never stored. */
export interface RecordedRequest {
  /** The `x-request-id` the mock answered with. */
  readonly requestId: string;
  readonly method: string;
  /** Path without the query string, e.g. '/v1/chat/completions'. */
  readonly path: string;
  /** Lower-case headers; `authorization` and `api-key` values redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (the raw text when it is not JSON; undefined without a body). */
  readonly body: unknown;
  /** Non-secret fingerprint of the API key used (`key_` + 8 hex), when there was one. */
  readonly keyId: string | undefined;
  /** Status answered (undefined while pending, for resets and for stalls before headers). */
  readonly status: number | undefined;
  /** Fault injected into the answer, if any. */
  readonly fault: FaultType | undefined;
  /** Epoch milliseconds when the request arrived. */
  readonly receivedAt: number;
}

/** Counters for assertions such as "every connection was closed". */
export interface MockOpenAIStats {
  requests: {
    total: number;
    /** Count by path, e.g. { '/v1/chat/completions': 3 }. */
    byPath: Record<string, number>;
    /** Count by answered status, e.g. { '200': 2, '429': 1 }. */
    byStatus: Record<string, number>;
  };
  /** Faults injected, by type (latency modifiers included). */
  faults: { total: number; byType: Partial<Record<FaultType, number>> };
  connections: { opened: number; open: number; closed: number };
}

/** A running mock; close it when done. */
export interface MockOpenAI {
  /** Base URL for the SDK's `baseURL`: 'http://127.0.0.1:PORT/v1'. */
  readonly url: string;
  readonly port: number;
  /** Whether request bodies are checked against the spec (false when off or spec missing). */
  readonly validating: boolean;
  /** Stops listening, destroys open (including stalled) connections and pending timers. */
  close(): Promise<void>;
  /** Requests received so far, oldest first (at most `maxRecordedRequests`). */
  requests(): readonly RecordedRequest[];
  clearRequests(): void;
  /** Replaces every fault rule (counters restart). */
  setFaults(rules: readonly FaultRule[]): void;
  /** Appends a fault rule. */
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  stats(): MockOpenAIStats;
}

/** Header a single request can carry to script its own fault: a JSON `Fault`. */
export const FAULT_HEADER = 'x-aiclient-mock-fault';

type Route = 'chat' | 'responses' | 'embeddings' | 'models' | 'model';

const REQUEST_SCHEMAS: Readonly<Partial<Record<Route, string>>> = {
  chat: 'CreateChatCompletionRequest',
  responses: 'CreateResponse',
  embeddings: 'CreateEmbeddingRequest',
};

const warned = new Set<string>();

// Static headers, computed once: the hot path only adds the per-request id and timing.
const DEFAULT_RATE_HEADERS: Readonly<Record<string, string>> = {
  'x-ratelimit-limit-requests': '10000',
  'x-ratelimit-limit-tokens': '30000000',
  'x-ratelimit-remaining-requests': '9999',
  'x-ratelimit-remaining-tokens': '29999000',
  'x-ratelimit-reset-requests': '6ms',
  'x-ratelimit-reset-tokens': '2ms',
};
const DEFAULT_RATE_HEADER_LIST: readonly string[] = Object.entries(DEFAULT_RATE_HEADERS).flat();
const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream; charset=utf-8';

/**
 * What the server keeps per request. Header redaction happens when `requests()` is read, not on
 * the hot path; `rawHeaders` never leaves this module.
 */
type InternalRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] } & {
  rawHeaders: IncomingMessage['headers'] | undefined;
};

function publicRecord(record: InternalRecord): RecordedRequest {
  return {
    requestId: record.requestId,
    method: record.method,
    path: record.path,
    headers: record.rawHeaders === undefined ? {} : redactHeaders(record.rawHeaders, record.keyId),
    body: record.body,
    keyId: record.keyId,
    status: record.status,
    fault: record.fault,
    receivedAt: record.receivedAt,
  };
}

interface Call {
  readonly requestId: string;
  readonly startedAt: number;
  readonly path: string;
  readonly record: InternalRecord | undefined;
  rateHeaders: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maskedPath(pointer: string | undefined): string | null {
  if (pointer === undefined || pointer === '') return null;
  return pointer.slice(1).replaceAll('/', '.');
}

function routeOf(method: string, path: string): { route: Route; model?: string } | undefined {
  let rest = path;
  let deployment: string | undefined;
  if (rest.startsWith('/v1/')) rest = rest.slice(3);
  else if (rest.startsWith('/openai/deployments/')) {
    // Azure-style: /openai/deployments/<deployment>/chat/completions?api-version=...
    const tail = rest.slice('/openai/deployments/'.length);
    const slash = tail.indexOf('/');
    if (slash > 0) {
      deployment = decodeURIComponent(tail.slice(0, slash));
      rest = tail.slice(slash);
    }
  } else if (rest.startsWith('/openai/v1/')) rest = rest.slice(10);
  const withModel = (route: Route): { route: Route; model?: string } =>
    deployment === undefined ? { route } : { route, model: deployment };
  if (method === 'POST') {
    if (rest === '/chat/completions') return withModel('chat');
    if (rest === '/responses') return withModel('responses');
    if (rest === '/embeddings') return withModel('embeddings');
    return undefined;
  }
  if (method === 'GET') {
    if (rest === '/models') return { route: 'models' };
    if (rest.startsWith('/models/') && rest.length > 8) {
      return { route: 'model', model: decodeURIComponent(rest.slice(8)) };
    }
  }
  return undefined;
}

function redactHeaders(
  headers: IncomingMessage['headers'],
  id: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization') {
      const scheme = text.split(' ')[0] ?? '';
      out[name] = `${scheme} [redacted${id === undefined ? '' : ` ${id}`}]`;
    } else if (name === 'api-key') {
      out[name] = `[redacted${id === undefined ? '' : ` ${id}`}]`;
    } else {
      out[name] = text;
    }
  }
  return out;
}

function parseFaultHeader(value: string | string[] | undefined): Fault | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) && typeof parsed.type === 'string' ? (parsed as Fault) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a local OpenAI-compatible server on 127.0.0.1: chat completions (plain and SSE, tools,
 * `n`), Responses (plain and streamed events), embeddings (float and base64) and models, with
 * API-key auth, scripted faults, server-side rate limits, request recording and request
 * validation against OpenAI's OpenAPI description.
 */
export async function startMockOpenAI(options: MockOpenAIOptions = {}): Promise<MockOpenAI> {
  const {
    port = 0,
    keys = [],
    forbiddenModels = [],
    models = DEFAULT_MODELS,
    rejectUnknownModels = false,
    validateRequests = true,
    specPath,
    faults = [],
    seed = 1,
    rateLimits,
    maxRecordedRequests = 10_000,
    onWarning = (message: string) => console.warn(message),
  } = options;

  let validator: OpenApiValidator | undefined;
  if (validateRequests) {
    const result = await loadOpenApiValidator(specPath === undefined ? {} : { specPath });
    if (result.status === 'loaded') {
      validator = result.validator;
      // Compile the request schemas now so the first request is not the slow one.
      for (const name of Object.values(REQUEST_SCHEMAS)) validator.validate(name, {});
    } else if (!warned.has(result.specPath)) {
      warned.add(result.specPath);
      onWarning(`[@aiclient/testkit] ${result.message}`);
    }
  }

  const validKeys = new Set(keys);
  const chatCache = new ChatResponseCache();
  const knownModels = new Set(models);
  const modelList = JSON.stringify(listModels(models));
  const faultPlan = new FaultPlan(faults, seed);
  const limiter =
    rateLimits !== undefined && (rateLimits.rpm !== undefined || rateLimits.tpm !== undefined)
      ? new KeyRateLimiter(rateLimits)
      : undefined;
  const forbiddenSet: ReadonlySet<string> = new Set(
    Array.isArray(forbiddenModels) ? (forbiddenModels as readonly string[]) : [],
  );
  const forbiddenFor = (key: string, id: string): ReadonlySet<string> | undefined => {
    if (Array.isArray(forbiddenModels)) return forbiddenSet;
    const byKey = forbiddenModels as Readonly<Record<string, readonly string[]>>;
    const list = byKey[key] ?? byKey[id];
    return list === undefined ? undefined : new Set(list);
  };

  let recorded: InternalRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const stats: MockOpenAIStats = {
    requests: { total: 0, byPath: {}, byStatus: {} },
    faults: { total: 0, byType: {} },
    connections: { opened: 0, open: 0, closed: 0 },
  };
  const idPrefix = randomBytes(10).toString('hex');
  let sequence = 0;

  const later = (ms: number, work: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  const countStatus = (call: Call, status: number): void => {
    const key = String(status);
    stats.requests.byStatus[key] = (stats.requests.byStatus[key] ?? 0) + 1;
    if (call.record !== undefined) call.record.status = status;
  };

  const headerList = (
    call: Call,
    contentType: string,
    extra?: Record<string, string>,
  ): string[] => {
    const list = [
      'content-type',
      contentType,
      'x-request-id',
      call.requestId,
      'openai-processing-ms',
      String(Date.now() - call.startedAt),
      'openai-organization',
      'org-mock',
      'openai-version',
      '2020-10-01',
    ];
    if (extra === undefined) {
      const rate = call.rateHeaders;
      for (let index = 0; index < rate.length; index++) list.push(rate[index] as string);
      return list;
    }
    // A fault's own x-ratelimit-* values replace the defaults rather than repeat them.
    const rate = call.rateHeaders;
    for (let index = 0; index < rate.length; index += 2) {
      const name = rate[index] as string;
      if (!Object.hasOwn(extra, name)) list.push(name, rate[index + 1] as string);
    }
    for (const [name, value] of Object.entries(extra)) list.push(name, value);
    return list;
  };

  const sendJson = (
    res: ServerResponse,
    call: Call,
    status: number,
    body: string,
    extra?: Record<string, string>,
  ): void => {
    const headers = headerList(call, JSON_TYPE, extra);
    headers.push('content-length', String(Buffer.byteLength(body)));
    res.writeHead(status, headers as unknown as OutgoingHttpHeaders);
    res.end(body);
    countStatus(call, status);
  };

  const sendError = (
    res: ServerResponse,
    call: Call,
    status: number,
    message: string,
    fields: { type?: string | null; param?: string | null; code?: string | null },
    extra?: Record<string, string>,
  ): void => {
    sendJson(res, call, status, JSON.stringify(openAIErrorBody(message, fields)), extra);
  };

  /** Writes SSE frames, applying chunk latency and mid-stream faults. */
  const sendStream = (
    res: ServerResponse,
    call: Call,
    frames: readonly string[],
    decision: FaultDecision,
  ): void => {
    res.writeHead(
      200,
      headerList(call, SSE_TYPE, { 'cache-control': 'no-cache' }) as unknown as OutgoingHttpHeaders,
    );
    countStatus(call, 200);
    const fault = decision.fault;
    const stopAt =
      fault === undefined
        ? frames.length
        : fault.type === 'stall'
          ? (fault.afterChunks ?? 0)
          : fault.type === 'cut' ||
              fault.type === 'malformed_json' ||
              fault.type === 'truncated_sse'
            ? (fault.afterChunks ?? 1)
            : frames.length;
    const finish = (): void => {
      if (fault === undefined) {
        res.end();
      } else if (fault.type === 'stall') {
        // Headers are out; flush them and then say nothing until the client gives up.
        res.flushHeaders();
      } else if (fault.type === 'cut') {
        res.socket?.destroy();
      } else if (fault.type === 'malformed_json') {
        res.end(
          'data: {"id":"chatcmpl-malformed","object":"chat.completion.chunk","choices":[{\n\n',
        );
      } else if (fault.type === 'truncated_sse') {
        const next =
          frames[stopAt] ?? 'data: {"id":"truncated","object":"chat.completion.chunk"}\n\n';
        res.end(next.slice(0, Math.max(1, Math.floor(next.length / 2))));
      } else {
        res.end();
      }
    };
    const limit = Math.min(stopAt, frames.length);
    if (decision.chunkLatencyMs <= 0) {
      if (limit === 0) {
        finish();
      } else if (fault === undefined) {
        res.write(limit === frames.length ? frames.join('') : frames.slice(0, limit).join(''));
        finish();
      } else {
        // Let the frames reach the socket before a fault destroys or ends it.
        res.write(frames.slice(0, limit).join(''), () => finish());
      }
      return;
    }
    let index = 0;
    const step = (): void => {
      if (res.destroyed) return;
      if (index >= limit) {
        finish();
        return;
      }
      res.write(frames[index]);
      index++;
      later(decision.chunkLatencyMs, step);
    };
    later(decision.chunkLatencyMs, step);
  };

  /** Answers a replacing fault that is not a stream shape (or a stream shape on a JSON call). */
  const sendFault = (
    res: ServerResponse,
    call: Call,
    fault: Fault,
    model: string,
    normalBody: () => string,
  ): void => {
    switch (fault.type) {
      case 'rate_limit': {
        const seconds = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
        const resetMs = (seconds ?? 1) * 1000;
        const extra: Record<string, string> = {
          'x-ratelimit-reset-requests': fault.resetRequests ?? formatResetDuration(resetMs),
          'x-ratelimit-reset-tokens': fault.resetTokens ?? formatResetDuration(resetMs),
        };
        if (seconds !== null) extra['retry-after'] = String(seconds);
        if (fault.retryAfterMs !== undefined) extra['retry-after-ms'] = String(fault.retryAfterMs);
        const kind = fault.limitType ?? 'requests';
        const wait = formatResetDuration(fault.retryAfterMs ?? resetMs);
        sendError(
          res,
          call,
          429,
          `Rate limit reached for ${model} in organization org-mock on ${kind} per min (${kind === 'requests' ? 'RPM' : 'TPM'}): Limit 3, Used 3, Requested 1. Please try again in ${wait}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          { type: kind, code: 'rate_limit_exceeded' },
          extra,
        );
        return;
      }
      case 'insufficient_quota':
        sendError(
          res,
          call,
          429,
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
          { type: 'insufficient_quota', code: 'insufficient_quota' },
        );
        return;
      case 'context_length_exceeded': {
        const max = fault.maxTokens ?? 128_000;
        sendError(
          res,
          call,
          400,
          `This model's maximum context length is ${max} tokens. However, your messages resulted in ${max + 1} tokens. Please reduce the length of the messages.`,
          { type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' },
        );
        return;
      }
      case 'content_filter':
        sendError(
          res,
          call,
          400,
          'The response was filtered due to the prompt triggering the content management policy. Please modify your prompt and retry.',
          { type: 'invalid_request_error', param: 'prompt', code: 'content_filter' },
        );
        return;
      case 'server_error': {
        const status = fault.status ?? 500;
        sendError(
          res,
          call,
          status,
          status === 500
            ? 'The server had an error while processing your request. Sorry about that!'
            : status === 503
              ? 'The engine is currently overloaded, please try again later.'
              : status === 504
                ? 'Gateway timeout.'
                : 'Bad gateway.',
          { type: 'server_error' },
        );
        return;
      }
      case 'status': {
        const body =
          fault.body === undefined
            ? JSON.stringify(openAIErrorBody(`Mock status ${fault.status}`, { type: 'mock_error' }))
            : typeof fault.body === 'string'
              ? fault.body
              : JSON.stringify(fault.body);
        sendJson(res, call, fault.status, body, fault.headers);
        return;
      }
      case 'stall':
        // A JSON call that never gets its headers: the client's own timeout must fire.
        return;
      case 'cut': {
        const body = normalBody();
        const headers = headerList(call, JSON_TYPE);
        headers.push('content-length', String(Buffer.byteLength(body)));
        res.writeHead(200, headers as unknown as OutgoingHttpHeaders);
        countStatus(call, 200);
        // Destroy once the partial body is flushed so the client sees a body cut mid-way.
        res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
        return;
      }
      case 'malformed_json':
      case 'truncated_sse': {
        const body = normalBody();
        sendJson(res, call, 200, body.slice(0, Math.floor(body.length / 2)));
        return;
      }
      case 'reset':
        res.socket?.resetAndDestroy();
        return;
      case 'latency':
      case 'chunk_latency':
        return;
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse, call: Call, rawBody: string): void => {
    const method = req.method ?? 'GET';
    // Auth first, like the API: a bad key learns nothing about the rest of the request.
    const authorization = req.headers.authorization;
    let key: string | undefined;
    if (authorization?.startsWith('Bearer ')) {
      key = authorization.slice(7).trim();
    } else {
      const header = req.headers['api-key'];
      if (typeof header === 'string') key = header.trim();
    }
    const id = key === undefined || key === '' ? undefined : toKeyId(key);
    const record = call.record;
    if (record !== undefined) {
      record.keyId = id;
      record.rawHeaders = req.headers;
    }
    if (key === undefined || key === '' || id === undefined) {
      sendError(
        res,
        call,
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        { type: 'invalid_request_error' },
      );
      return;
    }
    if (validKeys.size > 0 && !validKeys.has(key)) {
      // The API echoes a masked key; the mock names only the non-secret key id.
      sendError(
        res,
        call,
        401,
        `Incorrect API key provided (${id}). You can find your API key at https://platform.openai.com/account/api-keys.`,
        { type: 'invalid_request_error', code: 'invalid_api_key' },
      );
      return;
    }

    const target = routeOf(method, call.path);
    if (target === undefined) {
      sendError(res, call, 404, `Invalid URL (${method} ${call.path})`, {
        type: 'invalid_request_error',
      });
      return;
    }

    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        if (record !== undefined) record.body = rawBody;
        sendError(
          res,
          call,
          400,
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
          { type: 'invalid_request_error' },
        );
        return;
      }
      if (record !== undefined) record.body = parsed;
      if (!isRecord(parsed)) {
        sendError(res, call, 400, 'The request body must be a JSON object.', {
          type: 'invalid_request_error',
        });
        return;
      }
      body = parsed;
      const schema = REQUEST_SCHEMAS[target.route];
      if (validator !== undefined && schema !== undefined) {
        // Azure names the model in the path (the deployment), not the body.
        const checked =
          body.model === undefined && target.model !== undefined
            ? { ...body, model: target.model }
            : body;
        const check = validator.validate(schema, checked);
        if (!check.valid) {
          sendError(
            res,
            call,
            400,
            `Invalid request body (${schema}): ${check.errors.join('; ')}`,
            {
              type: 'invalid_request_error',
              param: maskedPath(check.firstPath),
              code: 'invalid_value',
            },
          );
          return;
        }
      }
    }

    const model =
      target.route === 'model'
        ? target.model
        : typeof body.model === 'string'
          ? body.model
          : target.model;
    if (model !== undefined) {
      const forbidden = forbiddenFor(key, id);
      if (forbidden?.has(model) === true) {
        sendError(
          res,
          call,
          403,
          `Project \`proj_mock\` does not have access to model \`${model}\``,
          {
            type: 'invalid_request_error',
            code: 'model_not_found',
          },
        );
        return;
      }
      if ((target.route === 'model' || rejectUnknownModels) && !knownModels.has(model)) {
        sendError(
          res,
          call,
          404,
          `The model \`${model}\` does not exist or you do not have access to it.`,
          {
            type: 'invalid_request_error',
            param: target.route === 'model' ? null : 'model',
            code: 'model_not_found',
          },
        );
        return;
      }
    }

    const stream = body.stream === true;
    const headerFault = parseFaultHeader(req.headers[FAULT_HEADER]);
    let decision = faultPlan.decide({ path: call.path, model, key, keyId: id, stream });
    if (headerFault !== undefined) {
      decision =
        headerFault.type === 'latency'
          ? {
              ...decision,
              latencyMs: decision.latencyMs + headerFault.ms,
              fired: [...decision.fired, headerFault],
            }
          : headerFault.type === 'chunk_latency'
            ? {
                ...decision,
                chunkLatencyMs: decision.chunkLatencyMs + headerFault.ms,
                fired: [...decision.fired, headerFault],
              }
            : { ...decision, fault: headerFault, fired: [...decision.fired, headerFault] };
    }
    for (const fired of decision.fired) {
      stats.faults.total++;
      stats.faults.byType[fired.type] = (stats.faults.byType[fired.type] ?? 0) + 1;
    }
    if (decision.fault !== undefined && record !== undefined) record.fault = decision.fault.type;

    const respond = (): void => {
      if (res.destroyed) return;
      const created = Math.floor(Date.now() / 1000);
      const fault = decision.fault;
      const softFilter = fault?.type === 'content_filter' && fault.mode === 'finish_reason';
      // Built lazily: error faults never pay for the normal answer.
      let tokens = 0;
      let normal: (() => string) | undefined;
      let frames: (() => string[]) | undefined;
      switch (target.route) {
        case 'chat': {
          const id = `chatcmpl-${call.requestId.slice(4)}`;
          const cacheable = !stream && !softFilter;
          const cached = cacheable ? chatCache.get(rawBody) : undefined;
          if (cached !== undefined) {
            tokens = cached.tokens;
            normal = () => ChatResponseCache.render(cached, id, created);
            break;
          }
          const context = { id, created, contentFiltered: softFilter };
          const plan = planChatCompletion(body, context);
          const planTokens = chatPlanTokens(plan);
          tokens = planTokens;
          normal = () => {
            const json = JSON.stringify(chatCompletionResponse(plan, context));
            if (cacheable) chatCache.set(rawBody, id, created, json, planTokens);
            return json;
          };
          const options = body.stream_options;
          const includeUsage = isRecord(options) && options.include_usage === true;
          frames = () => {
            const list = chatCompletionChunks(plan, context, includeUsage).map(
              (chunk) => `data: ${JSON.stringify(chunk)}\n\n`,
            );
            list.push('data: [DONE]\n\n');
            return list;
          };
          break;
        }
        case 'responses': {
          const context = { id: `resp_${call.requestId.slice(4)}`, created };
          const plan = planResponse(body, context);
          tokens = responsePlanTokens(plan);
          normal = () => JSON.stringify(responseBody(plan, context));
          frames = () =>
            responseStreamEvents(plan, context).map(
              (event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`,
            );
          break;
        }
        case 'embeddings':
          tokens = estimateEmbeddingTokens(body);
          normal = () => JSON.stringify(embeddingsResponse(body));
          break;
        case 'models':
          normal = () => modelList;
          break;
        case 'model':
          normal = () => JSON.stringify(modelObject(model ?? ''));
          break;
      }
      const normalBody = normal ?? (() => '{}');

      if (limiter !== undefined && method === 'POST') {
        const verdict = limiter.charge(id, tokens);
        call.rateHeaders = Object.entries(verdict.headers).flat();
        if (!verdict.allowed) {
          const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
          const wait = formatResetDuration(verdict.retryAfterMs);
          const kind = verdict.exceeded ?? 'requests';
          const requested = kind === 'requests' ? 1 : tokens;
          sendError(
            res,
            call,
            429,
            `Rate limit reached for ${model ?? 'default'} in organization org-mock on ${kind} per min (${kind === 'requests' ? 'RPM' : 'TPM'}): Limit ${verdict.limit}, Used ${verdict.used}, Requested ${requested}. Please try again in ${wait}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
            { type: kind, code: 'rate_limit_exceeded' },
            { 'retry-after': String(seconds), 'retry-after-ms': String(verdict.retryAfterMs) },
          );
          return;
        }
      }

      const streamFaults: readonly string[] = ['stall', 'cut', 'malformed_json', 'truncated_sse'];
      if (fault !== undefined && !softFilter) {
        if (!(stream && frames !== undefined && streamFaults.includes(fault.type))) {
          sendFault(res, call, fault, model ?? 'default', normalBody);
          return;
        }
      }
      if (stream && frames !== undefined) {
        sendStream(res, call, frames(), decision);
        return;
      }
      sendJson(res, call, 200, normalBody());
    };

    if (decision.latencyMs > 0) later(decision.latencyMs, respond);
    else respond();
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    sequence++;
    const requestId = `req_${idPrefix}${sequence.toString(16).padStart(12, '0')}`;
    stats.requests.total++;
    stats.requests.byPath[path] = (stats.requests.byPath[path] ?? 0) + 1;
    let record: Call['record'];
    if (maxRecordedRequests > 0) {
      record = {
        requestId,
        method: req.method ?? 'GET',
        path,
        headers: {},
        rawHeaders: undefined,
        body: undefined,
        keyId: undefined,
        status: undefined,
        fault: undefined,
        receivedAt: Date.now(),
      };
      recorded.push(record);
      // Trim in batches so recording stays O(1) amortized under load.
      if (recorded.length > maxRecordedRequests * 2)
        recorded = recorded.slice(-maxRecordedRequests);
    }
    const call: Call = {
      requestId,
      startedAt: Date.now(),
      path,
      record,
      rateHeaders: limiter === undefined ? DEFAULT_RATE_HEADER_LIST : [],
    };
    res.on('error', () => {
      // A client that went away mid-answer is normal in fault tests.
    });
    req.on('error', () => {
      // Same: aborted uploads are the client's business.
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw =
        chunks.length === 0
          ? ''
          : chunks.length === 1
            ? (chunks[0] as Buffer).toString('utf8')
            : Buffer.concat(chunks).toString('utf8');
      handle(req, res, call, raw);
    });
  });

  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    stats.connections.opened++;
    stats.connections.open++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => {
      sockets.delete(socket);
      stats.connections.open--;
      stats.connections.closed++;
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    port: address.port,
    validating: validator !== undefined,
    close() {
      closing ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Wait for every socket's own 'close' so stats() shows them closed once this resolves.
        const socketsClosed = [...sockets].map(
          (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
        );
        // Stalled streams and idle keep-alive connections would otherwise hold close() forever.
        for (const socket of sockets) socket.destroy();
        await Promise.all([serverClosed, ...socketsClosed]);
      })();
      return closing;
    },
    requests: () => recorded.slice(-maxRecordedRequests).map(publicRecord),
    clearRequests: () => {
      recorded = [];
    },
    setFaults: (rules) => faultPlan.set(rules),
    addFault: (rule) => faultPlan.add(rule),
    clearFaults: () => faultPlan.clear(),
    stats: () => structuredClone(stats),
  };
}
