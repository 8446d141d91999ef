import { describe, expect, it } from 'vitest';
import { compose, isAttemptStage, STAGE_ORDER } from './compose';
import type { CallContext, Next, Stage, StageName } from './stage';

function recordingStage(name: StageName, log: string[]): Stage {
  return {
    name,
    async handle(ctx, next) {
      log.push(`>${name}`);
      const response = await next(ctx);
      log.push(`<${name}`);
      return response;
    },
  };
}

const ctx = {} as CallContext;

describe('compose', () => {
  it('runs stages in STAGE_ORDER whatever order they are given in', async () => {
    const log: string[] = [];
    const terminal: Next = async () => {
      log.push('terminal');
      return new Response('ok');
    };
    const run = compose(
      [
        recordingStage('stream-guard', log),
        recordingStage('telemetry', log),
        recordingStage('retry', log),
      ],
      terminal,
    );
    const response = await run(ctx);
    expect(await response.text()).toBe('ok');
    expect(log).toEqual([
      '>telemetry',
      '>retry',
      '>stream-guard',
      'terminal',
      '<stream-guard',
      '<retry',
      '<telemetry',
    ]);
  });

  it('lets a stage call next more than once (retries)', async () => {
    let calls = 0;
    const retry: Stage = {
      name: 'retry',
      async handle(c, next) {
        await next(c);
        return next(c);
      },
    };
    const run = compose([retry], async () => {
      calls += 1;
      return new Response(String(calls));
    });
    expect(await (await run(ctx)).text()).toBe('2');
  });

  it('rejects unknown and duplicate stages', () => {
    const terminal: Next = async () => new Response('');
    expect(() => compose([{ name: 'nope' as StageName, handle: terminal }], terminal)).toThrow(
      /Unknown pipeline stage/,
    );
    const log: string[] = [];
    expect(() =>
      compose([recordingStage('retry', log), recordingStage('retry', log)], terminal),
    ).toThrow(/given twice/);
  });

  it('documents which stages run per attempt', () => {
    expect(STAGE_ORDER.indexOf('retry')).toBeGreaterThan(STAGE_ORDER.indexOf('cache'));
    expect(isAttemptStage('key-pool')).toBe(true);
    expect(isAttemptStage('stream-guard')).toBe(true);
    expect(isAttemptStage('retry')).toBe(false);
    expect(isAttemptStage('telemetry')).toBe(false);
  });
});
