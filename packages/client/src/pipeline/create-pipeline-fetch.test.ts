import { AIError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { failureFor } from '../errors/failure-response';
import { mockSettings } from '../test-support/mock-settings';
import { createPipelineFetch } from './create-pipeline-fetch';
import type { CallOutcome, Stage } from './stage';

const logger = { error() {}, warn() {}, info() {}, debug() {} };

function run(stages: Stage[], transport: () => Promise<Response>) {
  const fetch = createPipelineFetch({
    settings: mockSettings('http://127.0.0.1:1/v1'),
    stages,
    transport,
    logger,
    injectStreamUsage: false,
  });
  return fetch('http://127.0.0.1:1/v1/chat/completions', {
    method: 'POST',
    headers: new Headers(),
    body: '{"model":"m"}',
  });
}

function observer(outcomes: CallOutcome[]): Stage {
  return {
    name: 'telemetry',
    async handle(ctx, next) {
      ctx.onSettled((outcome) => outcomes.push(outcome));
      return next(ctx);
    },
  };
}

describe('createPipelineFetch', () => {
  it('settles a non-streamed call once it returns', async () => {
    const outcomes: CallOutcome[] = [];
    const response = await run([observer(outcomes)], async () => new Response('{}'));
    expect(response.status).toBe(200);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['success']);
  });

  it('never rejects: a failure becomes an error response registered to an AIError', async () => {
    const outcomes: CallOutcome[] = [];
    const response = await run([observer(outcomes)], async () => {
      throw new Error('a stage bug');
    });
    expect(response.ok).toBe(false);
    const error = failureFor(response.headers);
    expect(AIError.isInstance(error)).toBe(true);
    expect(error?.code).toBe('AI-API-099');
    expect(outcomes[0]?.kind).toBe('error');
    expect(outcomes[0]?.error).toBe(error);
  });
});
