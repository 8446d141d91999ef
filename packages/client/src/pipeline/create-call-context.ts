import type { AIClientSettings } from '@aiclient/config';
import { AITimeoutError } from '@aiclient/errors';
import { initOptions, readCallerSignal, readRequestParams } from './attach-caller-signal';
import { describeEndpoint } from './describe-endpoint';
import { followSignal } from './follow-signal';
import { readCallControls } from './read-call-controls';
import type { CallContext, CallOutcome, CallRequest, PipelineLogger } from './stage';

/** Input of {@link createCallContext}: one `fetch` call as the SDK made it. */
export interface CallContextInput {
  url: string;
  init: RequestInit | undefined;
  settings: Readonly<AIClientSettings>;
  logger: PipelineLogger;
  /** Path of the API base URL (e.g. `/v1`), stripped to get the endpoint path. */
  basePath: string;
  /** Add `stream_options.include_usage` to chat streams that did not ask for it. */
  injectStreamUsage: boolean;
}

/** A call context plus the handle that stops its deadline timer. */
export interface CreatedCallContext {
  ctx: CallContext;
  /** Stops the deadline (used once a stream is handed over: stream timers take over). */
  disarmDeadline(): void;
}

let callSequence = 0;

const INCLUDE_USAGE = '"stream_options":{"include_usage":true},';

function isJsonBody(body: unknown, headers: Headers): body is string {
  return (
    typeof body === 'string' &&
    body.charCodeAt(0) === 123 &&
    (headers.get('content-type') ?? 'application/json').includes('json')
  );
}

function parseJsonBody(body: unknown): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body as string);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds the context of one logical call: reads and strips the `x-aiclient-*` controls, takes
 * the request params the client passed along (parsing the JSON body only for a plain `fetch`
 * call), and starts the call's single deadline (`x-aiclient-deadline-ms`, else `timeoutMs`) whose
 * expiry aborts `ctx.signal` with an `AITimeoutError`. `ctx.signal` also follows the caller's
 * signal and the SDK's request signal (see `readCallerSignal`) until the call settles.
 */
export function createCallContext(input: CallContextInput): CreatedCallContext {
  const { url, init = {}, settings, logger, basePath, injectStreamUsage } = input;
  const headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
  const controls = readCallControls(headers);
  const pathname = new URL(url).pathname;
  const path =
    basePath !== '' && pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  const info = describeEndpoint(path);
  const jsonBody = isJsonBody(init.body, headers);
  const { caller: callerSignal, sdk: sdkSignal } = readCallerSignal(init);
  const rest = initOptions(init);
  // The params the SDK serialized (no second parse); a plain `fetch` call's body is parsed once.
  const json = jsonBody ? (readRequestParams(init) ?? parseJsonBody(init.body)) : undefined;
  const request: CallRequest = {
    url,
    path,
    method: (init.method ?? 'GET').toUpperCase(),
    headers,
    body: init.body,
    json,
    init: rest,
  };
  const stream = json?.stream === true;
  // Adding the flag by splicing text keeps the body from being re-serialized.
  const injectedUsage =
    injectStreamUsage &&
    stream &&
    info.endpoint === 'chat.completions' &&
    json?.stream_options === undefined &&
    typeof request.body === 'string';
  if (injectedUsage) request.body = `{${INCLUDE_USAGE}${(request.body as string).slice(1)}`;

  const startedAt = Date.now();
  const budget = controls.deadlineMs ?? settings.timeoutMs;
  const deadlineAt = startedAt + budget;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    timer = undefined;
    controller.abort(
      new AITimeoutError({
        message: `Deadline of ${budget} ms exceeded`,
        context: { source: 'client.deadline', details: { deadlineMs: budget } },
      }),
    );
  }, budget);
  const disarmDeadline = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  // Linked by listeners removed at settlement (cheaper than `AbortSignal.any`, nothing lingers).
  const unfollowCaller = followSignal(callerSignal, controller);
  const unfollowSdk = followSignal(sdkSignal, controller);
  const signal = controller.signal;

  const listeners: Array<(outcome: CallOutcome) => void> = [];
  let outcome: CallOutcome | undefined;
  const notify = (listener: (outcome: CallOutcome) => void, settled: CallOutcome) => {
    try {
      listener(settled);
    } catch (error) {
      // Observers (telemetry, logs) must never break the call they observe.
      logger.debug('aiclient: a call listener failed', { error: String(error) });
    }
  };
  const model = typeof json?.model === 'string' ? json.model : undefined;

  const ctx: CallContext = {
    callId: `call_${(++callSequence).toString(36)}`,
    operation: info.operation,
    endpoint: info.endpoint,
    request,
    model,
    stream,
    injectedUsage,
    settings,
    controls,
    callerSignal,
    sdkSignal,
    signal,
    deadlineAt,
    startedAt,
    attempts: [],
    attempt: undefined,
    result: {},
    span: undefined,
    settlesWithBody: false,
    state: new Map(),
    logger,
    get settled() {
      return outcome !== undefined;
    },
    onSettled(listener) {
      if (outcome === undefined) listeners.push(listener);
      else notify(listener, outcome);
    },
    settle(result) {
      if (outcome !== undefined) return;
      disarmDeadline();
      unfollowCaller();
      unfollowSdk();
      outcome = { ...result, endedAt: Date.now() };
      for (const listener of listeners.splice(0)) notify(listener, outcome);
    },
  };
  return { ctx, disarmDeadline };
}
