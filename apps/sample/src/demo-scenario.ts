import type { FaultRule } from '@aiclient/testkit';
import type { AskRequest } from './ask-request-schema.js';

/** How a demo call reaches the model. */
export type DemoRoute =
  /** `POST /v1/ask` on the sample service. */
  | 'service'
  /** A second client configured with a key the mock does not accept. */
  | 'wrong-key'
  /** A client created with no key at all. */
  | 'missing-key';

/** One call of a step. */
export interface DemoCall {
  route: DemoRoute;
  body: AskRequest;
}

/** A group of calls that shows one behaviour, with the faults the mock injects meanwhile. */
export interface DemoStep {
  name: string;
  /** One line for the progress output and the summary. */
  explains: string;
  /** Also run against a real endpoint (OPENAI_API_KEY set): the normal calls only. */
  live: boolean;
  /** Calls run at once (a burst) rather than one after another. */
  concurrent: boolean;
  /** Rules installed on the mock before the step; cleared after it. */
  faults: FaultRule[];
  calls: DemoCall[];
}

/** Settings the demo applies over the loaded configuration so every behaviour shows in seconds. */
export const DEMO_SETTINGS = {
  // The mock stands in for api.openai.com, so a key is required although it runs on loopback.
  requireApiKey: true,
  model: 'gpt-4o-mini',
  fallbackModels: ['gpt-4o'],
  maxAttempts: 3,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 1_000,
  timeoutMs: 10_000,
  streamFirstChunkTimeoutMs: 800,
  streamIdleTimeoutMs: 800,
  cacheEnabled: true,
} as const;

const ask = (prompt: string, extra: Partial<AskRequest> = {}): DemoCall => ({
  route: 'service',
  body: { prompt, maxTokens: 48, ...extra },
});

const CHAT = '/chat/completions';

/**
 * The scripted demo: plain, streamed and cached calls, a 429 burst that retries, stalled
 * streams, a 5xx that falls back to another model (last of the service's steps: the failing
 * model's circuit may stay open for a while), and a wrong and a missing key. Faults are
 * deterministic (counted rules, seeded probabilities) so the run always ends the same way.
 */
export const DEMO_STEPS: readonly DemoStep[] = [
  {
    name: 'plain',
    explains: 'JSON answers (the mock adds seeded latency)',
    live: true,
    concurrent: false,
    faults: [{ match: { path: CHAT }, probability: 0.5, fault: { type: 'latency', ms: 120 } }],
    calls: [
      // temperature 0: a deterministic request, which the client's cache may answer later.
      ask('What is the capital of France?', { temperature: 0 }),
      ask('Name three prime numbers.'),
      ask('Translate "good morning" into Spanish.'),
      ask('Give one tip for writing clear commit messages.'),
    ],
  },
  {
    name: 'streamed',
    explains: 'server-sent events, chunk by chunk',
    live: true,
    concurrent: false,
    faults: [{ match: { path: CHAT, stream: true }, fault: { type: 'chunk_latency', ms: 10 } }],
    calls: [
      ask('Write a haiku about retries.', { stream: true }),
      ask('Count from one to five.', { stream: true }),
    ],
  },
  {
    name: 'cached',
    explains: 'the same question again: answered from the cache',
    live: true,
    concurrent: false,
    faults: [],
    calls: [
      ask('What is the capital of France?', { temperature: 0 }),
      ask('What is the capital of France?', { temperature: 0 }),
    ],
  },
  {
    name: '429 burst',
    explains: 'rate limited: waits for retry-after, then succeeds',
    live: false,
    concurrent: true,
    faults: [
      {
        match: { path: CHAT },
        times: 3,
        fault: { type: 'rate_limit', retryAfterSeconds: null, retryAfterMs: 400 },
      },
    ],
    calls: [1, 2, 3, 4, 5].map((n) => ask(`Burst question number ${n}.`)),
  },
  {
    name: 'stalled stream',
    explains: 'a stall before the first chunk is retried; one mid-stream fails with AI-API-012',
    live: false,
    concurrent: false,
    faults: [
      { match: { path: CHAT, stream: true }, times: 1, fault: { type: 'stall', afterChunks: 0 } },
      {
        match: { path: CHAT, stream: true },
        after: 2,
        times: 1,
        fault: { type: 'stall', afterChunks: 2 },
      },
    ],
    calls: [
      ask('Tell a short story about patience.', { stream: true }),
      ask('Describe the sea in ten words.', { stream: true }),
    ],
  },
  {
    name: '5xx → fallback',
    explains: 'gpt-4o-mini keeps failing with 503: falls back to gpt-4o',
    live: false,
    concurrent: false,
    faults: [
      { match: { path: CHAT, model: 'gpt-4o-mini' }, fault: { type: 'server_error', status: 503 } },
    ],
    calls: [ask('Summarize the plot of Hamlet.'), ask('Explain a circuit breaker.')],
  },
  {
    name: 'wrong key',
    explains: 'a client whose key the server rejects: AI-API-001',
    live: false,
    concurrent: false,
    faults: [],
    calls: [{ route: 'wrong-key', body: { prompt: 'Hello?' } }],
  },
  {
    name: 'missing key',
    explains: 'a client created without a key: refused before any request',
    live: false,
    concurrent: false,
    faults: [],
    calls: [{ route: 'missing-key', body: { prompt: 'Hello?' } }],
  },
];

/** The steps of a run: all of them against the mock, the normal ones against a real endpoint. */
export function stepsFor(mode: 'offline' | 'live'): DemoStep[] {
  return DEMO_STEPS.filter((step) => mode === 'offline' || step.live);
}
