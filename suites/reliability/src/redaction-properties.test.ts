import { redactSecrets } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { runRedactionProperties } from './redaction-properties.ts';

// 1,000 runs each here; the soak runs them 10,000 times.
const RUNS = 1_000;
// The properties run on a fixed seed, so CI sees the same cases every run (the soak CLI takes
// --seed); a failure's detail names the seed that reproduces it.
const PROPERTY_SEED = 2026;

describe('redaction properties (fast-check)', () => {
  it('hold for the real redactSecrets and redactValue', () => {
    const results = runRedactionProperties(RUNS, undefined, PROPERTY_SEED);
    expect(results.length).toBe(5);
    expect(results.filter((result) => result.failed)).toEqual([]);
  });

  it('fail for a redactor that does nothing', () => {
    const results = runRedactionProperties(
      200,
      { redactSecrets: (text) => text, redactValue: (value) => value },
      PROPERTY_SEED,
    );
    const failed = results.filter((result) => result.failed).map((result) => result.name);
    expect(failed).toEqual([
      'redactSecrets removes every API key, whatever surrounds it',
      'redactSecrets removes bearer tokens and credential header values',
      'redactValue removes a key from anywhere in a nested value, without mutating it',
    ]);
  });

  it('fail for a redactor that only masks keys with a word boundary', () => {
    const results = runRedactionProperties(
      500,
      {
        redactSecrets: (text) => text.replace(/\bsk-[A-Za-z0-9_-]{16,}\b/g, 'sk-[REDACTED]'),
        redactValue: (value) => value,
      },
      PROPERTY_SEED,
    );
    expect(results[0]?.failed).toBe(true);
  });

  it('fail for a redactor that mangles ordinary text', () => {
    const results = runRedactionProperties(
      200,
      {
        redactSecrets: (text) => redactSecrets(text).replaceAll('a', '*'),
        redactValue: (value) => value,
      },
      PROPERTY_SEED,
    );
    expect(results.find((r) => r.name.startsWith('text with nothing'))?.failed).toBe(true);
  });
});
