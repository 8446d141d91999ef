import { Writable } from 'node:stream';

/** A writable that keeps everything written to it, for log assertions. */
export interface CapturedStream {
  readonly stream: Writable;
  text(): string;
}

/** Creates a {@link CapturedStream}. */
export function captureStream(): CapturedStream {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}
