import { describe, expect, it } from 'vitest';
import {
  faultMix,
  faultVariants,
  isRecoverable,
  QUOTA_AFTER_REQUESTS,
  TEST_SCALE,
  TESTKIT_FAULT_TYPES,
} from './fault-mix.ts';
import { seededRandom } from './seeded-random.ts';

describe('faultMix', () => {
  const variants = faultVariants(TEST_SCALE, 'sk-quota');

  it('covers every fault type the testkit supports', () => {
    const covered = new Set(variants.map((variant) => variant.fault.type));
    expect([...covered].sort()).toEqual([...TESTKIT_FAULT_TYPES].sort());
  });

  it('gives each drawn replacing variant an equal share of 20% when drawn like the testkit does', () => {
    const drawn = variants.filter((variant) => variant.afterRequests === undefined);
    const rules = faultMix(drawn, 0.2);
    const random = seededRandom(3);
    const hits = new Map<string, number>();
    const trials = 200_000;
    for (let i = 0; i < trials; i++) {
      for (const [index, rule] of rules.entries()) {
        const type = rule.fault.type;
        if (type === 'latency' || type === 'chunk_latency') continue;
        if (random() >= (rule.probability ?? 1)) continue;
        const label = drawn[index]?.label ?? '';
        hits.set(label, (hits.get(label) ?? 0) + 1);
        break;
      }
    }
    const total = [...hits.values()].reduce((a, b) => a + b, 0);
    const replacing = drawn.filter(
      (v) => v.fault.type !== 'latency' && v.fault.type !== 'chunk_latency',
    );
    expect(total / trials).toBeCloseTo((0.2 * replacing.length) / drawn.length, 2);
    for (const count of hits.values()) expect(count / trials).toBeCloseTo(0.2 / drawn.length, 2);
  });

  it('runs the quota of one key out after a fixed number of its requests, not by chance', () => {
    const rules = faultMix(variants);
    const quota = rules.filter((rule) => rule.fault.type === 'insufficient_quota');
    expect(quota).toEqual([
      {
        after: QUOTA_AFTER_REQUESTS,
        fault: { type: 'insufficient_quota' },
        match: { key: 'sk-quota' },
      },
    ]);
    // First, so no drawn fault can take its turn once the quota is out.
    expect(rules[0]).toBe(quota[0]);
  });
});

describe('isRecoverable', () => {
  it('follows the retry and fallback policy', () => {
    expect(isRecoverable(undefined, false, 200)).toBe(true);
    expect(isRecoverable('rate_limit', true, 429)).toBe(true);
    expect(isRecoverable('stall', true, 200)).toBe(true);
    expect(isRecoverable('stall', false, undefined)).toBe(false);
    expect(isRecoverable('cut', false, 200)).toBe(true);
    expect(isRecoverable('cut', true, 200)).toBe(false);
    expect(isRecoverable('content_filter', false, 200)).toBe(true);
    expect(isRecoverable('content_filter', false, 400)).toBe(false);
    expect(isRecoverable('context_length_exceeded', false, 400)).toBe(false);
    expect(isRecoverable('malformed_json', false, 200)).toBe(false);
  });
});
