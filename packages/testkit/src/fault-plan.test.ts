import { describe, expect, it } from 'vitest';
import { FaultPlan, type FaultRequest } from './fault-plan';

const chat: FaultRequest = {
  path: '/v1/chat/completions',
  model: 'gpt-4o-mini',
  key: 'sk-a',
  keyId: 'key_aaaaaaaa',
  stream: false,
};

describe('FaultPlan', () => {
  it('scripts a sequence: the first two calls 429, then success', () => {
    const plan = new FaultPlan([{ times: 2, fault: { type: 'rate_limit', retryAfterSeconds: 1 } }]);
    const types = Array.from({ length: 4 }, () => plan.decide(chat).fault?.type);
    expect(types).toEqual(['rate_limit', 'rate_limit', undefined, undefined]);
  });

  it('honours after, counting every matching request', () => {
    const plan = new FaultPlan([
      { times: 1, fault: { type: 'server_error' } },
      { after: 1, times: 1, fault: { type: 'insufficient_quota' } },
    ]);
    expect(plan.decide(chat).fault?.type).toBe('server_error');
    expect(plan.decide(chat).fault?.type).toBe('insufficient_quota');
    expect(plan.decide(chat).fault).toBeUndefined();
  });

  it('matches on path suffix, model, key or key id, and stream', () => {
    const plan = new FaultPlan([
      { match: { path: '/embeddings' }, fault: { type: 'status', status: 418 } },
      { match: { model: 'gpt-4o' }, fault: { type: 'server_error', status: 503 } },
      { match: { key: 'key_bbbbbbbb' }, fault: { type: 'insufficient_quota' } },
      { match: { key: 'sk-c' }, fault: { type: 'reset' } },
      { match: { stream: true }, fault: { type: 'cut' } },
    ]);
    expect(plan.decide(chat).fault).toBeUndefined();
    expect(plan.decide({ ...chat, path: '/v1/embeddings' }).fault?.type).toBe('status');
    expect(plan.decide({ ...chat, model: 'gpt-4o' }).fault?.type).toBe('server_error');
    expect(plan.decide({ ...chat, keyId: 'key_bbbbbbbb' }).fault?.type).toBe('insufficient_quota');
    expect(plan.decide({ ...chat, key: 'sk-c' }).fault?.type).toBe('reset');
    expect(plan.decide({ ...chat, stream: true }).fault?.type).toBe('cut');
  });

  it('adds latencies to a replacing fault', () => {
    const plan = new FaultPlan([
      { fault: { type: 'latency', ms: 30 } },
      { fault: { type: 'chunk_latency', ms: 5 } },
      { fault: { type: 'stall', afterChunks: 2 } },
      { fault: { type: 'cut' } },
    ]);
    const decision = plan.decide(chat);
    expect(decision).toMatchObject({ latencyMs: 30, chunkLatencyMs: 5, fault: { type: 'stall' } });
    expect(decision.fired.map((fault) => fault.type)).toEqual([
      'latency',
      'chunk_latency',
      'stall',
    ]);
  });

  it('draws probabilities from the seed: the same seed injects on the same requests', () => {
    const run = (seed: number): boolean[] => {
      const plan = new FaultPlan([{ probability: 0.3, fault: { type: 'server_error' } }], seed);
      return Array.from({ length: 200 }, () => plan.decide(chat).fault !== undefined);
    };
    const first = run(7);
    expect(run(7)).toEqual(first);
    expect(run(8)).not.toEqual(first);
    const rate = first.filter(Boolean).length / first.length;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.45);
  });

  it('can be replaced, extended and cleared', () => {
    const plan = new FaultPlan();
    expect(plan.empty).toBe(true);
    plan.add({ fault: { type: 'reset' } });
    expect(plan.decide(chat).fault?.type).toBe('reset');
    plan.set([{ fault: { type: 'cut' } }]);
    expect(plan.decide(chat).fault?.type).toBe('cut');
    plan.clear();
    expect(plan.decide(chat).fault).toBeUndefined();
  });
});
