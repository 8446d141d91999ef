import { AITimeoutError } from '@aiclient/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockSettings } from '../test-support/mock-settings';
import { attachCallerSignal } from './attach-caller-signal';
import { createCallContext } from './create-call-context';

const settings = mockSettings('http://127.0.0.1:1/v1', { timeoutMs: 1000 });
const logger = { error() {}, warn() {}, info() {}, debug() {} };

function context(body: unknown, init: RequestInit = {}, path = '/v1/chat/completions') {
  return createCallContext({
    url: `http://127.0.0.1:1${path}`,
    init: {
      method: 'post',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: JSON.stringify(body),
      ...init,
    },
    settings,
    logger,
    basePath: '/v1',
    injectStreamUsage: true,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createCallContext', () => {
  it('describes the call from the path and the body parsed once', () => {
    const { ctx } = context({ model: 'gpt-4o-mini', input: 'x' }, {}, '/v1/responses');
    expect(ctx).toMatchObject({
      operation: 'chat',
      endpoint: 'responses',
      model: 'gpt-4o-mini',
      stream: false,
    });
    expect(ctx.request).toMatchObject({ path: '/responses', method: 'POST' });
    expect(ctx.request.json).toEqual({ model: 'gpt-4o-mini', input: 'x' });
    ctx.settle({ kind: 'success' });
  });

  it('takes the params the client passed instead of parsing the body again', () => {
    const params = { model: 'gpt-4o', messages: [], stream: true };
    const init: RequestInit = {
      method: 'POST',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: JSON.stringify(params),
    };
    attachCallerSignal(init, undefined, params);
    const parse = vi.spyOn(JSON, 'parse');
    const { ctx } = createCallContext({
      url: 'http://127.0.0.1:1/v1/chat/completions',
      init,
      settings,
      logger,
      basePath: '/v1',
      injectStreamUsage: false,
    });
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    expect(ctx.request.json).toBe(params);
    expect(ctx).toMatchObject({ model: 'gpt-4o', stream: true });
    ctx.settle({ kind: 'success' });
  });

  it('adds include_usage to a chat stream by splicing the text, and says so', () => {
    const { ctx } = context({ model: 'm', stream: true, messages: [] });
    expect(ctx.injectedUsage).toBe(true);
    expect(JSON.parse(String(ctx.request.body))).toEqual({
      stream_options: { include_usage: true },
      model: 'm',
      stream: true,
      messages: [],
    });
    ctx.settle({ kind: 'success' });
  });

  it('leaves stream_options alone when the caller set them', () => {
    const body = {
      model: 'm',
      stream: true,
      stream_options: { include_usage: false },
      messages: [],
    };
    const { ctx } = context(body);
    expect(ctx.injectedUsage).toBe(false);
    expect(ctx.request.body).toBe(JSON.stringify(body));
    ctx.settle({ kind: 'success' });
  });

  it('aborts its signal with an AITimeoutError when the deadline passes', async () => {
    vi.useFakeTimers();
    const { ctx } = context({ model: 'm' });
    expect(ctx.deadlineAt - ctx.startedAt).toBe(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toBeInstanceOf(AITimeoutError);
  });

  it("follows the caller's and the SDK's signals, keeping them apart", () => {
    const caller = new AbortController();
    const sdk = new AbortController();
    const init: RequestInit = { signal: sdk.signal };
    attachCallerSignal(init, caller.signal);
    const { ctx } = context({ model: 'm' }, init);
    expect(ctx.callerSignal).toBe(caller.signal);
    expect(ctx.sdkSignal).toBe(sdk.signal);
    expect(Object.getOwnPropertySymbols(ctx.request.init)).toEqual([]);
    sdk.abort();
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.callerSignal?.aborted).toBe(false);
    const second = context(
      { model: 'm' },
      (() => {
        const next: RequestInit = { signal: new AbortController().signal };
        attachCallerSignal(next, caller.signal);
        return next;
      })(),
    ).ctx;
    caller.abort();
    expect(second.signal.aborted).toBe(true);
    ctx.settle({ kind: 'success' });
    second.settle({ kind: 'success' });
  });

  it('stops following a long-lived caller signal once the call settles', () => {
    const caller = new AbortController();
    const added = vi.spyOn(caller.signal, 'addEventListener');
    const removed = vi.spyOn(caller.signal, 'removeEventListener');
    const calls = Array.from({ length: 3 }, () => {
      const init: RequestInit = { signal: new AbortController().signal };
      attachCallerSignal(init, caller.signal);
      return context({ model: 'm' }, init).ctx;
    });
    expect(added).toHaveBeenCalledTimes(3);
    for (const ctx of calls) ctx.settle({ kind: 'success' });
    expect(removed).toHaveBeenCalledTimes(3);
    expect(removed.mock.calls.map((call) => call[1])).toEqual(
      added.mock.calls.map((call) => call[1]),
    );
    caller.abort();
    expect(calls.every((ctx) => !ctx.signal.aborted)).toBe(true);
  });

  it('takes the deadline from x-aiclient-deadline-ms and clears it on settle', () => {
    vi.useFakeTimers();
    const { ctx } = context(
      { model: 'm' },
      {
        headers: new Headers({
          'content-type': 'application/json',
          'x-aiclient-deadline-ms': '250',
        }),
      },
    );
    expect(ctx.deadlineAt - ctx.startedAt).toBe(250);
    expect(vi.getTimerCount()).toBe(1);
    ctx.settle({ kind: 'success' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('notifies settle listeners exactly once, even when one throws', () => {
    const { ctx } = context({ model: 'm' });
    const seen: string[] = [];
    ctx.onSettled(() => {
      throw new Error('observer bug');
    });
    ctx.onSettled((outcome) => seen.push(outcome.kind));
    ctx.settle({ kind: 'success' });
    ctx.settle({ kind: 'cancelled' });
    ctx.onSettled((outcome) => seen.push(`late ${outcome.kind}`));
    expect(seen).toEqual(['success', 'late success']);
    expect(ctx.settled).toBe(true);
  });
});
