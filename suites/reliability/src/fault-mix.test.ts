import { describe, expect, it } from 'vitest';
import {
  faultMix,
  faultVariants,
  isRecoverable,
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

  it('gives each replacing variant an equal share of 20% when drawn like the testkit does', () => {
    const rules = faultMix(variants, 0.2);
    const random = seededRandom(3);
    const hits = new Map<string, number>();
    const trials = 200_000;
    for (let i = 0; i < trials; i++) {
      for (const [index, rule] of rules.entries()) {
        const type = rule.fault.type;
        if (type === 'latency' || type === 'chunk_latency') continue;
        if (random() >= (rule.probability ?? 1)) continue;
        const label = variants[index]?.label ?? '';
        hits.set(label, (hits.get(label) ?? 0) + 1);
        break;
      }
    }
    const total = [...hits.values()].reduce((a, b) => a + b, 0);
    const replacing = variants.filter(
      (v) => v.fault.type !== 'latency' && v.fault.type !== 'chunk_latency',
    );
    expect(total / trials).toBeCloseTo((0.2 * replacing.length) / variants.length, 2);
    for (const count of hits.values()) expect(count / trials).toBeCloseTo(0.2 / variants.length, 2);
  });

  it('scopes the quota fault to one key', () => {
    const rules = faultMix(variants);
    expect(rules.find((rule) => rule.fault.type === 'insufficient_quota')?.match).toEqual({
      key: 'sk-quota',
    });
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
