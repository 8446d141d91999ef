// One of the processes of the Redis-outage check: drives calls through a client whose shared
// state (key pool, breakers, rate limiter, cache) lives in Redis, for a fixed time, and prints
// one JSON line with its counts. The parent stops and restarts Redis meanwhile.
import { clearOpenAIClientCache, getOpenAIClient } from '@aiclient/client';
import { AIError } from '@aiclient/errors';
import { redisDependentStage } from './broken-stages.ts';

const env = process.env;
const keys = (env.WORKER_KEYS ?? '').split(',');
const durationMs = Number(env.WORKER_DURATION_MS ?? 5_000);
const counts = {
  calls: 0,
  successes: 0,
  failures: {} as Record<string, number>,
  degraded: 0,
  restored: 0,
};
const note = (message: string): void => {
  if (env.WORKER_DEBUG === '1') process.stderr.write(`${message}\n`);
  if (message.includes('Redis') && message.includes('unreachable')) counts.degraded++;
  if (message.includes('Redis') && message.includes('is back')) counts.restored++;
};
const client = await getOpenAIClient({
  env: {},
  overrides: {
    baseURL: env.WORKER_MOCK_URL ?? '',
    provider: 'compatible',
    apiKey: keys[0],
    apiKeys: keys,
    fallbackModels: ['gpt-4o', 'gpt-4.1-mini'],
    redisUrl: env.WORKER_REDIS_URL ?? '',
    cacheEnabled: true,
    rateLimitRpm: 100_000,
    timeoutMs: 5_000,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 100,
    telemetryEnabled: false,
    logLevel: 'info',
  },
  // The self-test's broken client: a stage that needs Redis on every call.
  ...(env.WORKER_BREAK === '1'
    ? { stages: [redisDependentStage(env.WORKER_REDIS_URL ?? '')] }
    : {}),
  logger: {
    error: note,
    warn: note,
    info: note,
    debug: () => undefined,
  },
});

// The parent waits for every worker's line before it stops Redis.
process.stdout.write('ready\n');
const until = Date.now() + durationMs;
const worker = async (lane: number): Promise<void> => {
  let n = 0;
  while (Date.now() < until) {
    n++;
    counts.calls++;
    try {
      const content = `worker ${env.WORKER_ID} lane ${lane} call ${n % 15}`;
      if (n % 2 === 0) {
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content }],
          max_tokens: 8,
          stream: true,
        });
        for await (const _chunk of stream) {
          // drain
        }
      } else {
        await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content }],
          max_tokens: 8,
        });
      }
      counts.successes++;
    } catch (error) {
      const code = AIError.isInstance(error) ? error.code : `foreign:${(error as Error)?.name}`;
      counts.failures[code] = (counts.failures[code] ?? 0) + 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
await Promise.all([0, 1, 2, 3].map(worker));
await clearOpenAIClientCache();
process.stdout.write(`${JSON.stringify(counts)}\n`);
// The broken stage's own Redis connection would keep the process alive.
process.exit(0);
