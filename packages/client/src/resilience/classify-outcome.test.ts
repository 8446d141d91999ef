import { describe, expect, it } from 'vitest';
import { classifyError, classifyResponse } from './classify-outcome';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('classifyResponse', () => {
  it('classifies success', async () => {
    expect(await classifyResponse(json(200, {}))).toEqual({
      kind: 'success',
      status: 200,
      retryable: false,
    });
  });

  it('tells a rate limit from an exhausted quota and keeps the wait', async () => {
    const limited = json(
      429,
      { error: { code: 'rate_limit_exceeded' } },
      { 'retry-after-ms': '700' },
    );
    expect(await classifyResponse(limited)).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 700,
      retryable: true,
    });
    const quota = json(429, { error: { code: 'insufficient_quota', type: 'insufficient_quota' } });
    expect(await classifyResponse(quota)).toMatchObject({
      kind: 'quota_exhausted',
      retryable: false,
    });
  });

  it.each([
    [401, undefined, 'unauthorized'],
    [403, undefined, 'forbidden'],
    [400, 'context_length_exceeded', 'context_length'],
    [400, 'content_filter', 'content_filter'],
    [400, undefined, 'client_error'],
    [404, undefined, 'client_error'],
    [408, undefined, 'transient'],
    [409, undefined, 'transient'],
    [500, undefined, 'transient'],
    [503, undefined, 'transient'],
  ])('status %i code %s is %s', async (status, code, kind) => {
    expect((await classifyResponse(json(status, { error: { code } }))).kind).toBe(kind);
  });

  it('leaves the original body readable', async () => {
    const response = json(500, { error: { message: 'boom' } });
    await classifyResponse(response);
    expect(await response.json()).toEqual({ error: { message: 'boom' } });
  });

  it('classifies a non-JSON error body by status', async () => {
    expect((await classifyResponse(new Response('<html>', { status: 502 }))).kind).toBe(
      'transient',
    );
  });
});

describe('classifyError', () => {
  it('maps AIError codes structurally', () => {
    expect(classifyError({ code: 'AI-API-005', status: 429, retryAfterMs: 50 })).toEqual({
      kind: 'rate_limited',
      code: 'AI-API-005',
      status: 429,
      retryAfterMs: 50,
      retryable: true,
    });
    expect(classifyError({ code: 'AI-API-006' }).kind).toBe('quota_exhausted');
    expect(classifyError({ code: 'AI-API-001' }).kind).toBe('unauthorized');
    expect(classifyError({ code: 'AI-API-012' }).kind).toBe('transient');
    expect(classifyError({ code: 'AI-API-013' }).kind).toBe('aborted');
  });

  it('treats an abort as aborted and other throws as transient network failures', () => {
    expect(classifyError(new DOMException('x', 'AbortError')).kind).toBe('aborted');
    expect(classifyError(new TypeError('fetch failed'))).toEqual({
      kind: 'transient',
      retryable: true,
    });
  });
});
