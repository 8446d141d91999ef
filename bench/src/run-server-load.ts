import { Agent, request } from 'node:http';
import type { ServerLoadResult } from './worker-job.ts';

/** Options of {@link runServerLoad}. */
export interface RunServerLoadOptions {
  /** Server base URL ending in `/v1`. */
  readonly baseURL: string;
  readonly apiKey: string;
  readonly requests: number;
  /** Requests in flight, each on its own kept-alive connection. */
  readonly concurrency: number;
  /** Stop starting requests after this long (a loaded machine sends fewer). @default Infinity */
  readonly maxMs?: number;
}

/**
 * A lean keep-alive load generator (node:http, one pre-serialized body) for the testkit
 * throughput figure: the server's own CPU time is read by the orchestrator, so this only has to
 * keep the server busy.
 */
export async function runServerLoad({
  baseURL,
  apiKey,
  requests,
  concurrency,
  maxMs = Number.POSITIVE_INFINITY,
}: RunServerLoadOptions): Promise<ServerLoadResult> {
  const url = new URL(`${baseURL}/chat/completions`);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const body = Buffer.from(
    JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] }),
  );
  const headers = {
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    'content-length': String(body.length),
  };
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent },
        (res) => {
          res.on('data', () => {});
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let started = 0;
  const t0 = performance.now();
  const stopAt = t0 + maxMs;
  const lane = async (): Promise<void> => {
    while (started < requests && performance.now() < stopAt) {
      started++;
      await one();
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    agent.destroy();
  }
  return { requests: started, wallMs: performance.now() - t0 };
}
