import type { CallOperation } from './stage';

/** Operation and endpoint label of a request path. */
export interface EndpointInfo {
  operation: CallOperation;
  endpoint: string;
  /** How a stream of this endpoint ends when complete: `[DONE]`, a terminal event, or unknown. */
  streamEnd: 'done-sentinel' | 'terminal-event' | 'unknown';
}

const KNOWN: Readonly<Record<string, EndpointInfo>> = {
  '/chat/completions': {
    operation: 'chat',
    endpoint: 'chat.completions',
    streamEnd: 'done-sentinel',
  },
  '/responses': { operation: 'chat', endpoint: 'responses', streamEnd: 'terminal-event' },
  '/embeddings': { operation: 'embeddings', endpoint: 'embeddings', streamEnd: 'unknown' },
  '/completions': {
    operation: 'text_completion',
    endpoint: 'completions',
    streamEnd: 'done-sentinel',
  },
};

/** Classifies a path below the API base (e.g. `/chat/completions`). */
export function describeEndpoint(path: string): EndpointInfo {
  return KNOWN[path] ?? { operation: 'other', endpoint: path, streamEnd: 'unknown' };
}
