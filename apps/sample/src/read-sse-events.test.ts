import { expect, it } from 'vitest';
import { readSseEvents } from './read-sse-events.js';

function body(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of readSseEvents(stream)) events.push(event);
  return events;
}

it('parses named events split across chunks', async () => {
  const events = await collect(
    body('event: delta\nda', 'ta: {"text":"a"}\n\n: comment\n', 'event: done\r\ndata: {}\r\n\r\n'),
  );
  expect(events).toEqual([
    { event: 'delta', data: '{"text":"a"}' },
    { event: 'done', data: '{}' },
  ]);
});

it('joins multi-line data, defaults the name and flushes an unterminated last event', async () => {
  expect(await collect(body('data: one\ndata: two\n\ndata:three'))).toEqual([
    { event: 'message', data: 'one\ntwo' },
    { event: 'message', data: 'three' },
  ]);
});
