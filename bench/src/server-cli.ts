// Child-process entry that runs the testkit's mock OpenAI server for the benchmark, with request
// validation off (the suite measures clients, not the spec check). Talks to its parent over IPC:
// sends { url } once listening, answers 'cpu' with its own CPU time, and closes on 'close'.
import { startMockOpenAI } from '@aiclient/testkit';

// Generous per-key limits, so the x-ratelimit-* headers advertise them: aiclient's limiter
// calibrates to those headers, and the testkit's default ones (10,000 RPM) would make the full
// pipeline wait (by design) where the suite means to measure its cost, not a quota.
const GENEROUS = { rpm: 1_000_000_000, tpm: 1_000_000_000_000 };

const server = await startMockOpenAI({ validateRequests: false, rateLimits: GENEROUS });

process.on('message', (message) => {
  if (message === 'cpu') {
    process.send?.({ cpu: process.cpuUsage() });
  } else if (message === 'close') {
    void server.close().finally(() => process.exit(0));
  }
});
// The parent going away closes the channel: never outlive it.
process.on('disconnect', () => process.exit(0));
process.send?.({ url: server.url });
