import { describe, expect, it } from 'vitest';
import { askRequestSchema } from './ask-request-schema.js';
import { DEMO_STEPS, stepsFor } from './demo-scenario.js';

describe('the demo scenario', () => {
  it('covers every behaviour the README promises, offline', () => {
    expect(stepsFor('offline').map((step) => step.name)).toEqual([
      'plain',
      'streamed',
      'cached',
      '429 burst',
      'stalled stream',
      '5xx → fallback',
      'wrong key',
      'missing key',
    ]);
  });

  it('runs only the normal calls against a real endpoint, without faults', () => {
    const live = stepsFor('live');
    expect(live.map((step) => step.name)).toEqual(['plain', 'streamed', 'cached']);
    expect(live.every((step) => step.calls.every((call) => call.route === 'service'))).toBe(true);
  });

  it('sends only bodies the service accepts', () => {
    for (const step of DEMO_STEPS) {
      for (const call of step.calls)
        expect(askRequestSchema.safeParse(call.body).success).toBe(true);
    }
  });

  it('repeats a question for the cache and bursts the rate-limited step', () => {
    const cached = DEMO_STEPS.find((step) => step.name === 'cached');
    const prompts = cached?.calls.map((call) => call.body.prompt);
    expect(new Set(prompts).size).toBe(1);
    const burst = DEMO_STEPS.find((step) => step.name === '429 burst');
    expect(burst?.concurrent).toBe(true);
    expect(burst?.faults[0]?.fault.type).toBe('rate_limit');
  });
});
