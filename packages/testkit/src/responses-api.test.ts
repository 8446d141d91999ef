import { describe, expect, it } from 'vitest';
import {
  planResponse,
  responseBody,
  responsePlanTokens,
  responseStreamEvents,
} from './responses-api';

const context = { id: 'resp_0123456789abcdef', created: 1_700_000_000 };

type Body = {
  status: string;
  output: Array<{ content: Array<{ text: string }> }>;
  usage: { input_tokens: number; output_tokens: number; total_tokens: number };
  incomplete_details: unknown;
};

describe('Responses API answers', () => {
  it('derives the text from model, instructions and input', () => {
    const text = (input: unknown, instructions?: string) =>
      (
        responseBody(
          planResponse({ model: 'gpt-4o-mini', input, instructions }, context),
          context,
        ) as Body
      ).output[0]?.content[0]?.text;
    expect(text('hello')).toBe(text('hello'));
    expect(text('hello')).not.toBe(text('goodbye'));
    expect(text('hello')).not.toBe(text('hello', 'be terse'));
    expect(text([{ role: 'user', content: [{ type: 'input_text', text: 'from parts' }] }])).toMatch(
      /: from parts$/,
    );
  });

  it('reports usage and stops at max_output_tokens with status incomplete', () => {
    const plan = planResponse(
      { model: 'gpt-4o-mini', input: 'a b c d e f', max_output_tokens: 2 },
      context,
    );
    const body = responseBody(plan, context) as Body;
    expect(body.status).toBe('incomplete');
    expect(body.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(body.usage.output_tokens).toBe(2);
    expect(body.usage.total_tokens).toBe(responsePlanTokens(plan));
  });

  it('streams events in the API order with increasing sequence numbers and the full text', () => {
    const plan = planResponse({ model: 'gpt-4o-mini', input: 'stream this' }, context);
    const events = responseStreamEvents(plan, context);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const deltas = events
      .filter((event) => event.type === 'response.output_text.delta')
      .map((event) => event.delta)
      .join('');
    expect(deltas).toBe((responseBody(plan, context) as Body).output[0]?.content[0]?.text);
  });
});
