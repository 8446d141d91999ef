import { loadConfig } from '@aiclient/config';
import { describe, expect, it } from 'vitest';
import { createCanaryKey } from './canary-key.ts';
import { runConfigFuzz } from './config-fuzz.ts';

const canary = createCanaryKey();
// The properties run on a fixed seed, so CI sees the same cases every run (the soak CLI takes
// --seed); a failure's detail names the seed that reproduces it.
const PROPERTY_SEED = 2026;

describe('config fuzzing (fast-check)', () => {
  it('loadConfig throws only AIConfigError, never holding the key', () => {
    const [result] = runConfigFuzz(400, canary.key, canary.body, loadConfig, PROPERTY_SEED);
    expect(result?.detail).toBeUndefined();
    expect(result?.failed).toBe(false);
  });

  it('fails for a loader that lets a foreign error escape', () => {
    const [result] = runConfigFuzz(
      100,
      canary.key,
      canary.body,
      (options) => {
        if (options?.env?.AICLIENT_TIMEOUT_MS !== undefined) throw new RangeError('bad number');
        return loadConfig(options);
      },
      PROPERTY_SEED,
    );
    expect(result?.failed).toBe(true);
  });

  it('fails for a loader whose errors repeat the key', () => {
    const [result] = runConfigFuzz(
      100,
      canary.key,
      canary.body,
      (options) => {
        try {
          return loadConfig(options);
        } catch (error) {
          (error as Error).message += ` (key was ${String(options?.env?.OPENAI_API_KEY)})`;
          throw error;
        }
      },
      PROPERTY_SEED,
    );
    expect(result?.failed).toBe(true);
  });
});
