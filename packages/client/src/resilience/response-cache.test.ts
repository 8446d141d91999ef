import { describe, expect, it } from 'vitest';
import { LocalStateStore } from './local-state-store';
import { CACHE_HIT_HEADER, describeBody, isCompleteStream, ResponseCache } from './response-cache';

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 7,
    completion_tokens: 2,
    total_tokens: 9,
    prompt_tokens_details: { cached_tokens: 3 },
  },
};

const sse = [
  `data: ${JSON.stringify({ id: 'c', model: 'gpt-4o-mini', choices: [{ delta: { content: 'h' } }] })}\n\n`,
  `data: ${JSON.stringify({ id: 'c', model: 'gpt-4o-mini', choices: [{ delta: { content: 'i' } }] })}\n\n`,
  `data: ${JSON.stringify({ id: 'c', model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2 } })}\n\n`,
  'data: [DONE]\n\n',
];

function streamOf(events: string[], fail = false): Response {
  const encoder = new TextEncoder();
  let i = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        const event = events[i++];
        if (event !== undefined) controller.enqueue(encoder.encode(event));
        else if (fail) controller.error(new Error('cut'));
        else controller.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
}

function cache() {
  let now = 1000;
  const store = new LocalStateStore({ now: () => now });
  return {
    rc: new ResponseCache(store, { ttlMs: 10_000, now: () => now }),
    store,
    advance: (ms: number) => (now += ms),
  };
}

async function stored(rc: ResponseCache, key: string) {
  // Storing is fire-and-forget; give it the microtasks it needs.
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return rc.get(key);
}

describe('ResponseCache', () => {
  it('stores a JSON body and replays it identically with a hit header', async () => {
    const { rc } = cache();
    const original = Response.json(completion);
    const handed = await rc.capture('k', original, { stream: false });
    expect(await handed.json()).toEqual(completion);
    const entry = await stored(rc, 'k');
    expect(entry).toMatchObject({
      model: 'gpt-4o-mini',
      usage: { inputTokens: 7, outputTokens: 2, cachedTokens: 3 },
    });
    const replay = rc.toResponse(entry!);
    expect(replay.headers.get(CACHE_HIT_HEADER)).toBe('hit');
    expect(await replay.json()).toEqual(completion);
  });

  it('reads a JSON body once and hands it on without cloning the response', async () => {
    const { rc } = cache();
    const json = { headers: { 'content-type': 'application/json' } };
    const original = Object.defineProperty(
      new Response(JSON.stringify(completion), json),
      'clone',
      {
        value: () => {
          throw new Error('cloned');
        },
      },
    );
    const handed = await rc.capture('n', original, { stream: false });
    expect(handed.status).toBe(200);
    expect(await handed.text()).toBe(JSON.stringify(completion));
    expect(await stored(rc, 'n')).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it('stores the model and usage the pipeline already read instead of parsing the body', async () => {
    const { rc } = cache();
    await rc.capture('p', Response.json(completion), {
      stream: false,
      model: () => 'gpt-4o-mini-2024-07-18',
      usage: () => ({ inputTokens: 1, outputTokens: 2 }),
    });
    expect(await stored(rc, 'p')).toMatchObject({
      model: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 1, outputTokens: 2 },
    });
  });

  it('hands a body that is not JSON on untouched and does not store it', async () => {
    const { rc } = cache();
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80]);
    const original = new Response(bytes, { headers: { 'content-type': 'audio/mpeg' } });
    const handed = await rc.capture('b', original, { stream: false });
    expect(handed).toBe(original);
    expect(new Uint8Array(await handed.arrayBuffer())).toEqual(bytes);
    expect(await stored(rc, 'b')).toBeUndefined();
  });

  it('never stores errors or malformed bodies', async () => {
    const { rc } = cache();
    await rc.capture('e', Response.json({ error: { message: 'x' } }, { status: 500 }), {
      stream: false,
    });
    await rc.capture(
      'm',
      new Response('{"trunc', { status: 200, headers: { 'content-type': 'application/json' } }),
      { stream: false },
    );
    expect(await stored(rc, 'e')).toBeUndefined();
    expect(await stored(rc, 'm')).toBeUndefined();
  });

  it('stores a stream once it completes and replays it event by event', async () => {
    const { rc } = cache();
    let stored_ = false;
    const handed = await rc.capture('s', streamOf(sse), {
      stream: true,
      onStored: () => (stored_ = true),
    });
    expect(stored_).toBe(false);
    expect(await handed.text()).toBe(sse.join(''));
    const entry = await stored(rc, 's');
    expect(stored_).toBe(true);
    expect(entry).toMatchObject({ stream: true, usage: { inputTokens: 5, outputTokens: 2 } });
    const reader = rc.toResponse(entry!).body!.getReader();
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(new TextDecoder().decode(value));
    }
    expect(chunks).toEqual(sse);
  });

  it('finds an end marker split across chunks, and stores what came up to it', async () => {
    const { rc } = cache();
    const split = [sse[0]!, sse[2]!, 'data: [DO', 'NE]\n\n'];
    const handed = await rc.capture('x', streamOf(split), { stream: true });
    expect(await handed.text()).toBe(split.join(''));
    expect(await stored(rc, 'x')).toMatchObject({ stream: true, body: split.join('') });
  });

  it('passes a cancel on to the upstream stream', async () => {
    const { rc } = cache();
    let cancelled: unknown;
    const upstream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(sse[0]));
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const handed = await rc.capture('c', new Response(upstream), { stream: true });
    const reader = handed.body!.getReader();
    await reader.read();
    await reader.cancel('caller left');
    expect(cancelled).toBe('caller left');
    expect(await stored(rc, 'c')).toBeUndefined();
  });

  it('does not store a stream that errors or ends without its end marker', async () => {
    const { rc } = cache();
    const failing = await rc.capture('f', streamOf(sse.slice(0, 2), true), { stream: true });
    await expect(failing.text()).rejects.toThrow();
    const cut = await rc.capture('c', streamOf(sse.slice(0, 2)), { stream: true });
    await cut.text();
    expect(await stored(rc, 'f')).toBeUndefined();
    expect(await stored(rc, 'c')).toBeUndefined();
  });

  it('prefers usage the pipeline measured', async () => {
    const { rc } = cache();
    await (
      await rc.capture('u', streamOf([sse[0]!, sse[3]!]), {
        stream: true,
        usage: () => ({ inputTokens: 1, outputTokens: 1 }),
      })
    ).text();
    expect((await stored(rc, 'u'))?.usage).toEqual({ inputTokens: 1, outputTokens: 1 });
  });

  it('expires entries after the TTL', async () => {
    const { rc, advance } = cache();
    await rc.capture('t', Response.json(completion), { stream: false });
    expect(await stored(rc, 't')).toBeDefined();
    advance(10_001);
    expect(await rc.get('t')).toBeUndefined();
  });
});

describe('describeBody / isCompleteStream', () => {
  it('reads Responses API events', () => {
    const body = `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', response: { model: 'gpt-4o', usage: { input_tokens: 3, output_tokens: 4 } } })}\n\n`;
    expect(describeBody(body, true)).toEqual({
      model: 'gpt-4o',
      usage: { inputTokens: 3, outputTokens: 4 },
    });
    expect(isCompleteStream(body)).toBe(true);
    expect(isCompleteStream('data: {"x":1}\n\n')).toBe(false);
  });
});
