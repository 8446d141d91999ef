import { keyId } from '@aiclient/config';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chat,
  KEY_A,
  KEY_B,
  type ResilientClient,
  startResilientClient,
} from './fixtures/resilient-client';
import type { TokenizerLoader } from './load-token-counter';
import { LocalStateStore } from './local-state-store';
import type { BucketCost, BucketLimits } from './token-bucket';

let running: ResilientClient | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** About 240 characters of prose: ~66 prompt tokens as the mock counts them. */
const PROMPT =
  'Summarize the quarterly report for the regional office, listing revenue, costs, staffing ' +
  'changes and the three largest risks, and keep the answer short enough to read aloud in ' +
  'under a minute during the Monday planning meeting.';

describe('client-side rate limits against the testkit server limits', () => {
  it('a burst of 300 calls under 600 RPM / 20,000 TPM gets no 429 and runs near the allowed rate', async () => {
    running = await startResilientClient({
      mock: { rateLimits: { rpm: 600, tpm: 20_000 } },
      settings: { rateLimitRpm: 600, rateLimitTpm: 20_000, maxAttempts: 1, timeoutMs: 60_000 },
    });
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        running!.client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: `${i}: ${PROMPT}` }],
          max_tokens: 40,
        }),
      ),
    );
    const ended = Date.now();
    const durationS = (ended - started) / 1000;
    // Creating 300 SDK calls takes seconds on a loaded 2-core machine: the rate is judged from
    // the first request the server saw.
    const firstArrival = Math.min(...running.mock.requests().map((r) => r.receivedAt));
    const activeS = (ended - firstArrival) / 1000;
    const stats = running.mock.stats();
    const serverTokens = replies.reduce((sum, r) => sum + (r.usage?.total_tokens ?? 0), 0);
    // Tokens beyond the initial full bucket can only be spent at 20,000 per minute.
    const floorS = Math.max(0, serverTokens - 20_000) / (20_000 / 60);
    console.info(
      `rate-limit burst: 300 calls, ${serverTokens} server tokens, ${durationS.toFixed(1)} s total, ` +
        `${activeS.toFixed(1)} s from the first request ` +
        `(allowed-rate floor ${floorS.toFixed(1)} s), statuses ${JSON.stringify(stats.requests.byStatus)}`,
    );
    expect(stats.requests.byStatus['429']).toBeUndefined();
    expect(stats.requests.byStatus['200']).toBe(300);
    expect(serverTokens).toBeGreaterThan(20_000);
    // Never faster than the limit allows, and not much slower than it.
    expect(activeS).toBeGreaterThanOrEqual(floorS * 0.9);
    expect(activeS).toBeLessThan(floorS * 1.5 + 3);
  }, 45_000);

  it('turns a full queue into an immediate AI-API-017 without sending anything', async () => {
    running = await startResilientClient({
      settings: { rateLimitRpm: 1, rateLimitMaxQueue: 2, maxAttempts: 1 },
      resilience: { rateLimit: { requestsPerWindow: 1, windowMs: 600 } },
    });
    await running.client.chat.completions.create(chat());
    const waiting = [1, 2].map(() => running!.client.chat.completions.create(chat()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running.resilience.limiter?.queued).toBe(2);
    const started = Date.now();
    const shed = await running.client.chat.completions.create(chat()).catch((e: unknown) => e);
    expect(shed).toMatchObject({ code: 'AI-API-017' });
    expect(Date.now() - started).toBeLessThan(500);
    expect(running.mock.requests()).toHaveLength(1);
    // The queued calls were not harmed: they run when their slots come.
    await Promise.all(waiting);
    expect(running.mock.requests()).toHaveLength(3);
  });

  it('fails at once with a client-side 429 when the slot comes after the deadline', async () => {
    running = await startResilientClient({
      settings: { rateLimitRpm: 1, timeoutMs: 3000, maxAttempts: 3 },
    });
    await running.client.chat.completions.create(chat());
    const started = Date.now();
    const error = await running.client.chat.completions.create(chat()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AI-API-005', context: { details: { clientSide: true } } });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(running.mock.requests()).toHaveLength(1);
  });

  it('waits in the queue instead of failing when the slot comes before the deadline', async () => {
    running = await startResilientClient({
      settings: { rateLimitRpm: 600, maxAttempts: 1 },
      resilience: { rateLimit: { requestsPerWindow: 2, windowMs: 1000 } },
    });
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map(() => running!.client.chat.completions.create(chat())));
    // Two at once, then one every 500 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    // Measured from the start, not from the first arrival: on a loaded machine the first
    // request may reach the server late, which shortens the gap without breaking the limit.
    const arrivals = running.mock.requests().map((r) => r.receivedAt - started);
    expect(arrivals).toHaveLength(4);
    expect(arrivals[2]!).toBeGreaterThanOrEqual(450);
    expect(arrivals[3]!).toBeGreaterThanOrEqual(950);
  });

  it('re-chooses the key when the one it waited for cooled down meanwhile', async () => {
    running = await startResilientClient({
      mock: { keys: [KEY_A, KEY_B] },
      settings: { apiKeys: [KEY_A, KEY_B], rateLimitRpm: 600, maxAttempts: 1 },
      resilience: { rateLimit: { requestsPerWindow: 1, windowMs: 1000 } },
      dependencies: { random: () => 0 },
    });
    await running.client.chat.completions.create(chat());
    const second = running.client.chat.completions.create(chat());
    // Key A's bucket is empty: the second call waits for it, and meanwhile key A gets a 429.
    await new Promise((resolve) => setTimeout(resolve, 300));
    running.resilience.keyPool?.report(keyId(KEY_A), {
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 30_000,
    });
    await second;
    expect(running.mock.requests().map((r) => r.keyId)).toEqual([keyId(KEY_A), keyId(KEY_B)]);
  });

  it('estimates prompt characters / 4 by default, never loading gpt-tokenizer', async () => {
    const { store, reserved } = recordingStore();
    let loads = 0;
    const loadTokenizer: TokenizerLoader = async () => {
      loads++;
      return { countTokens: () => 1000 };
    };
    running = await startResilientClient({
      settings: { rateLimitTpm: 100_000, maxAttempts: 1 },
      resilience: { stateStore: store },
      dependencies: { loadTokenizer },
    });
    await running.client.chat.completions.create(chat());
    // 'Say hello': ceil(9 / 4) = 3, + 4 per message + 3 reply priming + max_tokens 16.
    expect(reserved).toEqual([26]);
    expect(loads).toBe(0);
    expect(running.logs.filter((l) => l.message.includes('gpt-tokenizer'))).toEqual([]);
  });

  it("counts with the tokenizer when `tokenEstimate: 'tokenizer'` asks for it", async () => {
    const { store, reserved } = recordingStore();
    const loadTokenizer: TokenizerLoader = async () => ({ countTokens: () => 100 });
    running = await startResilientClient({
      settings: { rateLimitTpm: 100_000, maxAttempts: 1 },
      resilience: { stateStore: store, rateLimit: { tokenEstimate: 'tokenizer' } },
      dependencies: { loadTokenizer },
    });
    await running.client.chat.completions.create(chat());
    // 100 counted, + 4 per message + 3 reply priming + max_tokens 16.
    expect(reserved).toEqual([123]);
  });

  it('with the tokenizer asked for but not installed, estimates conservatively and warns once naming it', async () => {
    let loads = 0;
    const loadTokenizer = () => {
      loads++;
      return Promise.reject(
        Object.assign(new Error('not found'), { code: 'ERR_MODULE_NOT_FOUND' }),
      );
    };
    running = await startResilientClient({
      settings: { rateLimitTpm: 100_000, maxAttempts: 1 },
      resilience: { rateLimit: { tokenEstimate: 'tokenizer' } },
      dependencies: { loadTokenizer },
    });
    await running.client.chat.completions.create(chat());
    await running.client.chat.completions.create(chat());
    expect(running.mock.requests()).toHaveLength(2);
    expect(loads).toBe(1);
    const warnings = running.logs.filter(
      (l) => l.level === 'warn' && l.message.includes('gpt-tokenizer'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('Install gpt-tokenizer for exact counts');
  });
});

/** A local store recording the tokens of every reservation the limiter takes. */
function recordingStore() {
  const reserved: number[] = [];
  class Recording extends LocalStateStore {
    override takeNow(bucket: string, cost: BucketCost, limits: BucketLimits): number {
      reserved.push(cost.tokens);
      return super.takeNow(bucket, cost, limits);
    }
  }
  return { store: new Recording(), reserved };
}
