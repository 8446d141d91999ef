import { describe, expect, it } from 'vitest';
import { pipelineResponse } from './pipeline-response';

const init = () => ({
  status: 200,
  statusText: 'OK',
  headers: new Headers({ 'content-type': 'application/json', 'x-request-id': 'req_1' }),
});

describe('pipelineResponse', () => {
  it('is a Response with the status line and headers it was given', () => {
    const response = pipelineResponse({ text: '{"a":1}' }, init());
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('OK');
    expect(response.headers.get('x-request-id')).toBe('req_1');
  });

  it('hands out the headers it was given, not a copy, and copies them only for a raw read', async () => {
    const given = init();
    const response = pipelineResponse({ text: '{"a":1}' }, given);
    expect(response.headers).toBe(given.headers);
    const copy = response.clone();
    expect(copy.headers).not.toBe(given.headers);
    expect(copy.headers.get('x-request-id')).toBe('req_1');
    await expect(copy.json()).resolves.toEqual({ a: 1 });
  });

  it('serves the buffered text once, then refuses like any read body', async () => {
    const response = pipelineResponse({ text: '{"a":1}' }, init());
    expect(response.bodyUsed).toBe(false);
    await expect(response.text()).resolves.toBe('{"a":1}');
    expect(response.bodyUsed).toBe(true);
    expect(response.body).toBeNull();
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.json()).rejects.toThrow(/already been read/);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it('answers every other read of a buffered body like an ordinary Response', async () => {
    await expect(pipelineResponse({ text: '{"a":1}' }, init()).json()).resolves.toEqual({ a: 1 });
    const bytes = await pipelineResponse({ text: 'hé' }, init()).arrayBuffer();
    expect(new TextDecoder().decode(bytes)).toBe('hé');
    expect(await pipelineResponse({ text: 'xyz' }, init()).blob()).toHaveProperty('size', 3);
    const viaStream = pipelineResponse({ text: 'streamed' }, init());
    expect(await new Response(viaStream.body).text()).toBe('streamed');
    expect(viaStream.bodyUsed).toBe(true);
    const original = pipelineResponse({ text: 'twice' }, init());
    const copy = original.clone();
    expect(await copy.text()).toBe('twice');
    expect(await original.text()).toBe('twice');
  });

  it('has no body for an empty text, so a 204 is valid', async () => {
    const response = pipelineResponse({ text: '' }, { ...init(), status: 204 });
    expect(response.status).toBe(204);
    await expect(response.arrayBuffer()).resolves.toHaveProperty('byteLength', 0);
  });

  it('hands over the guarded stream itself as its body', async () => {
    const stream = new Response('data: 1\n\n').body as ReadableStream<Uint8Array>;
    const response = pipelineResponse({ stream }, init());
    expect(response.body).toBe(stream);
    expect(response.bodyUsed).toBe(false);
    const reader = stream.getReader();
    expect(response.bodyUsed).toBe(true);
    reader.releaseLock();
  });

  it('reads a stream body as text for code that asks for the whole text', async () => {
    const stream = new Response('data: 1\n\n').body as ReadableStream<Uint8Array>;
    await expect(pipelineResponse({ stream }, init()).text()).resolves.toBe('data: 1\n\n');
  });
});
