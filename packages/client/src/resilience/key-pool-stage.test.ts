import { keyId } from '@aiclient/config';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chat,
  KEY_A,
  KEY_B,
  KEY_C,
  type ResilientClient,
  startResilientClient,
} from './fixtures/resilient-client';

let running: ResilientClient | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const first = () => 0;
const status = (rc: ResilientClient, key: string) =>
  rc.resilience.keyPool?.snapshot().find((s) => s.keyId === keyId(key))?.status;
const usedKeys = (rc: ResilientClient) => rc.mock.requests().map((r) => [r.keyId, r.status]);

describe('key pool against scripted testkit faults', () => {
  it('429 cools the key until its reset and the call moves to another key at once', async () => {
    running = await startResilientClient({
      mock: {
        keys: [KEY_A, KEY_B],
        faults: [
          {
            match: { key: KEY_A },
            times: 1,
            fault: { type: 'rate_limit', retryAfterMs: 30_000, retryAfterSeconds: null },
          },
        ],
      },
      settings: { apiKeys: [KEY_A, KEY_B] },
      dependencies: { random: first },
    });
    const started = Date.now();
    const reply = await running.client.chat.completions.create(chat());
    expect(reply.choices[0]?.message.content).toContain('Mock answer');
    // Key A's 30 s reset was not waited out: key B took the retry at once.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(usedKeys(running)).toEqual([
      [keyId(KEY_A), 429],
      [keyId(KEY_B), 200],
    ]);
    const snapshot = running.resilience.keyPool?.snapshot() ?? [];
    const cooling = snapshot.find((s) => s.keyId === keyId(KEY_A));
    expect(cooling?.status).toBe('cooling');
    expect((cooling?.until ?? 0) - Date.now()).toBeGreaterThan(25_000);
    expect(JSON.stringify(running.logs)).not.toContain(KEY_A);
  });

  it('a cooling key returns by itself once its reset has passed', async () => {
    running = await startResilientClient({
      mock: {
        keys: [KEY_A, KEY_B],
        faults: [
          {
            match: { key: KEY_A },
            times: 1,
            fault: { type: 'rate_limit', retryAfterMs: 400, retryAfterSeconds: null },
          },
        ],
      },
      settings: { apiKeys: [KEY_A, KEY_B] },
      dependencies: { random: first },
    });
    await running.client.chat.completions.create(chat());
    expect(usedKeys(running)).toEqual([
      [keyId(KEY_A), 429],
      [keyId(KEY_B), 200],
    ]);
    expect(status(running, KEY_A)).toBe('cooling');
    // Automatic return once the reset passed.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(status(running, KEY_A)).toBe('healthy');
    await running.client.chat.completions.create(chat());
    expect(running.mock.requests().at(-1)?.keyId).toBe(keyId(KEY_A));
  });

  it('insufficient_quota sets the key aside as exhausted', async () => {
    running = await startResilientClient({
      mock: {
        keys: [KEY_A, KEY_B],
        faults: [{ match: { key: KEY_A }, fault: { type: 'insufficient_quota' } }],
      },
      settings: { apiKeys: [KEY_A, KEY_B] },
      dependencies: { random: first },
    });
    await running.client.chat.completions.create(chat());
    await running.client.chat.completions.create(chat());
    expect(status(running, KEY_A)).toBe('exhausted');
    expect(usedKeys(running)).toEqual([
      [keyId(KEY_A), 429],
      [keyId(KEY_B), 200],
      [keyId(KEY_B), 200],
    ]);
    const warning = running.logs.find((l) => l.message === 'aiclient key state');
    expect(warning?.data).toMatchObject({ keyId: keyId(KEY_A), to: 'exhausted' });
  });

  it('401 revokes the key; a passing live check brings it back', async () => {
    let valid = false;
    running = await startResilientClient({
      mock: { keys: [KEY_B] },
      settings: { apiKey: KEY_C, apiKeys: [KEY_C, KEY_B] },
      dependencies: {
        random: first,
        verify: async () => ({ status: valid ? 'valid' : 'invalid' }),
      },
    });
    await running.client.chat.completions.create(chat());
    expect(usedKeys(running)).toEqual([
      [keyId(KEY_C), 401],
      [keyId(KEY_B), 200],
    ]);
    expect(status(running, KEY_C)).toBe('revoked');
    await running.resilience.keyPool?.checkAll();
    expect(status(running, KEY_C)).toBe('revoked');
    valid = true;
    await running.resilience.keyPool?.checkAll();
    expect(status(running, KEY_C)).toBe('healthy');
  });

  it('tries every key once, then fails fast with AI-API-018 while none is healthy', async () => {
    running = await startResilientClient({
      mock: { keys: [KEY_C] },
      settings: { apiKeys: [KEY_A, KEY_B], maxAttempts: 3 },
    });
    const first = await running.client.chat.completions.create(chat()).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'AI-API-001' });
    expect(running.mock.requests()).toHaveLength(2);
    const error = await running.client.chat.completions.create(chat()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AI-API-018' });
    expect(String((error as Error).message)).toContain(keyId(KEY_A));
    expect(String((error as Error).message)).not.toContain(KEY_A);
    // Failing fast: no request was sent for the second call.
    expect(running.mock.requests()).toHaveLength(2);
  });

  it('rotates keys from a provider without failing the call in flight', async () => {
    let keys = [KEY_A];
    running = await startResilientClient({
      mock: { keys: [KEY_A, KEY_B], faults: [{ times: 1, fault: { type: 'latency', ms: 300 } }] },
      resilience: { keyProvider: async () => keys, keyRefreshIntervalMs: 60_000 },
    });
    const inFlight = running.client.chat.completions.create(chat());
    await new Promise((resolve) => setTimeout(resolve, 100));
    keys = [KEY_B];
    await running.resilience.keyPool?.refresh();
    expect(status(running, KEY_A)).toBe('draining');
    const next = await running.client.chat.completions.create(chat());
    expect(next.choices).toHaveLength(1);
    await expect(inFlight).resolves.toMatchObject({ object: 'chat.completion' });
    expect(running.resilience.keyPool?.snapshot().map((s) => s.keyId)).toEqual([keyId(KEY_B)]);
    expect(usedKeys(running)).toEqual(
      expect.arrayContaining([
        [keyId(KEY_A), 200],
        [keyId(KEY_B), 200],
      ]),
    );
  });
});
