import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustBucket,
  clampBucket,
  fullBucket,
  refillBucket,
  takeFromBucket,
} from './token-bucket';

// Property tests run on a fixed seed, so CI sees the same cases every run; a failure prints
// the seed and path that reproduce it (change the seed here to explore other cases).
const PROPERTY_SEED = 2026;

const limits = { requests: 60, tokens: 600, windowMs: 60_000 };

describe('token bucket', () => {
  it('starts full and grants while both budgets last', () => {
    const first = takeFromBucket(fullBucket(limits, 0), { requests: 1, tokens: 100 }, limits, 0);
    expect(first.waitMs).toBe(0);
    expect(first.state).toMatchObject({ requests: 59, tokens: 500 });
  });

  it('takes nothing and names the wait when the token budget is short', () => {
    const low = { requests: 10, tokens: 50, at: 0 };
    const result = takeFromBucket(low, { requests: 1, tokens: 100 }, limits, 0);
    // 50 tokens missing at 10 tokens per second.
    expect(result.waitMs).toBe(5000);
    expect(result.state).toMatchObject({ requests: 10, tokens: 50 });
  });

  it('refills continuously up to the limit', () => {
    expect(refillBucket({ requests: 0, tokens: 0, at: 0 }, limits, 30_000)).toEqual({
      requests: 30,
      tokens: 300,
      at: 30_000,
    });
    expect(refillBucket({ requests: 0, tokens: 0, at: 0 }, limits, 10 * 60_000)).toMatchObject({
      requests: 60,
      tokens: 600,
    });
  });

  it('caps a cost larger than the window so it is granted once the bucket is full', () => {
    const result = takeFromBucket(fullBucket(limits, 0), { requests: 1, tokens: 5000 }, limits, 0);
    expect(result.waitMs).toBe(0);
    expect(result.state.tokens).toBe(0);
  });

  it('leaves an unlimited dimension unbounded', () => {
    const rpmOnly = { requests: 1, windowMs: 1000 };
    const result = takeFromBucket(fullBucket(rpmOnly, 0), { requests: 1, tokens: 1e9 }, rpmOnly, 0);
    expect(result.waitMs).toBe(0);
  });

  it('reconciles by giving back or taking more, and clamps to server remaining', () => {
    const state = { requests: 10, tokens: 100, at: 0 };
    expect(adjustBucket(state, { requests: 0, tokens: 50 }, limits, 0).tokens).toBe(150);
    expect(adjustBucket(state, { requests: 0, tokens: -300 }, limits, 0).tokens).toBe(-200);
    expect(adjustBucket(state, { requests: 0, tokens: 9999 }, limits, 0).tokens).toBe(600);
    expect(clampBucket(state, { requests: 3 }, limits, 0)).toMatchObject({
      requests: 3,
      tokens: 100,
    });
    expect(clampBucket(state, { requests: 30 }, limits, 0).requests).toBe(10);
  });

  it('never grants more than limit + elapsed share in any run of takes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 200 })), {
          maxLength: 200,
        }),
        (steps) => {
          let state = fullBucket(limits, 0);
          let now = 0;
          let granted = 0;
          for (const [advance, tokens] of steps) {
            now += advance;
            const result = takeFromBucket(state, { requests: 1, tokens }, limits, now);
            state = result.state;
            if (result.waitMs === 0) granted += tokens;
          }
          expect(granted).toBeLessThanOrEqual(
            limits.tokens + (now * limits.tokens) / limits.windowMs + 1e-6,
          );
        },
      ),
      { numRuns: 100, seed: PROPERTY_SEED },
    );
  });

  it('leaves the headroom in the bucket and caps costs to what it can give', () => {
    const withHeadroom = { requests: 100, windowMs: 1000, headroom: 0.1 };
    let state = fullBucket(withHeadroom, 0);
    let granted = 0;
    for (let i = 0; i < 100; i++) {
      const result = takeFromBucket(state, { requests: 1, tokens: 0 }, withHeadroom, 0);
      state = result.state;
      if (result.waitMs === 0) granted++;
    }
    expect(granted).toBe(90);
    // One more request needs the level back at 11: 1 request = 10 ms at 100 per second.
    expect(takeFromBucket(state, { requests: 1, tokens: 0 }, withHeadroom, 0).waitMs).toBe(10);
    const huge = takeFromBucket(
      fullBucket(withHeadroom, 0),
      { requests: 500, tokens: 0 },
      withHeadroom,
      0,
    );
    expect(huge.waitMs).toBe(0);
    expect(huge.state.requests).toBeCloseTo(10);
  });
});
