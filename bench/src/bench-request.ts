/**
 * Chunks a streamed call receives from the testkit: the role chunk, 15 content chunks (its answer
 * echoes at most 12 prompt words after a 3-word prefix), the finish chunk and the usage chunk
 * (every contender asks for `stream_options.include_usage`, as production code does).
 */
export const STREAM_CHUNKS = 18;

/** Bytes of the large prompt. */
export const LARGE_PROMPT_BYTES = 100 * 1024;

/** A chat message as every contender sends it (with `temperature: 0`, which makes the request
 * cacheable for aiclient: the full pipeline then walks its cache-miss path on every call). */
export interface BenchMessage {
  readonly role: 'user';
  readonly content: string;
}

let largeText: string | undefined;

/**
 * The ~100 KB prompt: ordinary words (so any tokenizer in a pipeline does realistic work), built
 * once per process.
 */
export function largePromptText(): string {
  if (largeText === undefined) {
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; length < LARGE_PROMPT_BYTES; i++) {
      const word = words[i % words.length]!;
      parts.push(word);
      length += word.length + 1;
    }
    largeText = parts.join(' ').slice(0, LARGE_PROMPT_BYTES);
  }
  return largeText;
}

/**
 * Messages of call `index` of a scenario. The index makes every request distinct, so the
 * full-pipeline contender's response cache misses, as it would on real traffic. The short prompt
 * has more than 12 words so the testkit's answer (and stream) has its full length.
 */
export function benchMessages(
  scenario: 'chat' | 'stream' | 'large',
  index: number,
): BenchMessage[] {
  if (scenario === 'large') return [{ role: 'user', content: `#${index} ${largePromptText()}` }];
  return [
    {
      role: 'user',
      content: `Call ${index}: please say hello to every reader of this short and friendly benchmark message`,
    },
  ];
}
