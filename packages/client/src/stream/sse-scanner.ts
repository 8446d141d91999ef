/** One server-sent event block. */
export interface SseBlock {
  /** `event:` field, when present. */
  event: string | undefined;
  /** `data:` lines joined by `\n`; undefined for a comment-only block (a keep-alive). */
  data: string | undefined;
  /** The block's text including its terminating blank line, for forwarding unchanged. */
  raw: string;
}

/** Incremental SSE block splitter; see {@link createSseScanner}. */
export interface SseScanner {
  /** Feeds decoded text; calls `onBlock` for every block it completes. */
  push(text: string, onBlock: (block: SseBlock) => void): void;
  /** Text received after the last complete block (an unterminated event). */
  readonly pending: string;
}

/**
 * Splits decoded SSE text into blocks without rescanning: each push looks only at the new
 * text, so the cost per chunk is proportional to the chunk, not to the stream so far.
 * Lines may end in `\n` or `\r\n`.
 */
export function createSseScanner(): SseScanner {
  let buffer = '';
  // Index in `buffer` where the current, unfinished line starts.
  let lineStart = 0;
  let event: string | undefined;
  let data: string | undefined;

  return {
    get pending() {
      return buffer;
    },
    push(text, onBlock) {
      buffer += text;
      let blockStart = 0;
      for (
        let newline = buffer.indexOf('\n', lineStart);
        newline !== -1;
        newline = buffer.indexOf('\n', lineStart)
      ) {
        const end =
          newline > lineStart && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        const line = buffer.slice(lineStart, end);
        lineStart = newline + 1;
        if (line === '') {
          if (lineStart - blockStart > (end === newline ? 1 : 2) || data !== undefined) {
            onBlock({ event, data, raw: buffer.slice(blockStart, lineStart) });
          }
          blockStart = lineStart;
          event = undefined;
          data = undefined;
          continue;
        }
        if (line.charCodeAt(0) === 58) continue; // ':' starts a comment
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.charCodeAt(0) === 32) value = value.slice(1);
        if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
        else if (field === 'event') event = value;
      }
      if (blockStart > 0) {
        buffer = buffer.slice(blockStart);
        lineStart -= blockStart;
      }
    },
  };
}
