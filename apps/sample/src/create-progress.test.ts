import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { createProgress } from './create-progress.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

it('prints one line per step when not on a terminal', () => {
  const out = capture();
  const progress = createProgress(3, { stream: out.stream, interactive: false });
  progress.step('plain', 'JSON answers', 2);
  progress.tick();
  progress.step('wrong key', 'rejected', 1);
  progress.stop();
  expect(out.text()).toBe(
    '  ▸ plain            JSON answers (2 calls)\n  ▸ wrong key        rejected (1 call)\n',
  );
});

it('draws a bar with the current step on a terminal', () => {
  const out = capture();
  const progress = createProgress(2, { stream: out.stream, interactive: true });
  progress.step('plain', 'JSON answers', 2);
  progress.tick();
  progress.stop();
  expect(out.text()).toContain('calls');
});
