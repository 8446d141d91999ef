import { describe, expect, it } from 'vitest';
import { spawnWorker } from './spawn-worker.ts';
import type { WorkerJob } from './worker-job.ts';

describe('spawnWorker', () => {
  it("rejects with the worker's own error message, after its retries", async () => {
    const job = {
      kind: 'calls',
      contender: 'no-such-contender',
      context: { baseURL: 'http://127.0.0.1:9/v1', apiKeys: ['k'], model: 'm' },
      phases: [],
    } as unknown as WorkerJob;
    await expect(spawnWorker(job, { retries: 1, retryDelayMs: 10, pin: false })).rejects.toThrow(
      "unknown contender 'no-such-contender'",
    );
  });

  it('resolves with the result line of a successful job', async () => {
    // A load run of zero requests needs no server: it proves the round trip of a result.
    const result = await spawnWorker<{ requests: number }>(
      {
        kind: 'server-load',
        baseURL: 'http://127.0.0.1:9/v1',
        apiKey: 'k',
        requests: 0,
        concurrency: 1,
      },
      { pin: false },
    );
    expect(result.requests).toBe(0);
  });
});
