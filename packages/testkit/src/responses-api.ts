import { messageText } from './chat-completion';
import { estimateTokens } from './estimate-tokens';
import { fnv1a } from './fnv1a';

/** The parts of a Responses API request the mock reads. */
export interface ResponseRequestLike {
  model?: unknown;
  input?: unknown;
  instructions?: unknown;
  max_output_tokens?: unknown;
  metadata?: unknown;
}

/** Per-call values the server supplies. */
export interface ResponseBuildContext {
  id: string;
  created: number;
}

interface ResponsePlan {
  model: string;
  text: string;
  pieces: string[];
  incomplete: boolean;
  inputTokens: number;
  outputTokens: number;
  messageId: string;
  instructions: string | null;
  maxOutputTokens: number | null;
  metadata: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inputText(input: unknown): { all: string; lastUser: string } {
  if (typeof input === 'string') return { all: input, lastUser: input };
  let all = '';
  let lastUser = '';
  if (Array.isArray(input)) {
    for (const item of input) {
      if (!isRecord(item)) continue;
      const text = messageText(item.content);
      all += text;
      if (item.role === 'user' || item.role === undefined) lastUser = text;
    }
  }
  return { all, lastUser };
}

/**
 * Works out the mock's answer to a Responses API request: deterministic text derived from the
 * model, instructions and input, truncated by `max_output_tokens` (status `incomplete`).
 */
export function planResponse(
  request: ResponseRequestLike,
  context: ResponseBuildContext,
): ResponsePlan {
  const model = typeof request.model === 'string' ? request.model : 'gpt-4o-mini';
  const instructions = typeof request.instructions === 'string' ? request.instructions : null;
  const { all, lastUser } = inputText(request.input);
  const digest = fnv1a(`${model}\n${instructions ?? ''}\n${JSON.stringify(request.input ?? '')}`)
    .toString(16)
    .padStart(8, '0');
  const echo = lastUser.split(/\s+/).filter(Boolean).slice(0, 12).join(' ');
  let pieces: string[] =
    `Mock answer ${digest}${echo.length > 0 ? `: ${echo}` : '.'}`.match(/\S+\s*/g) ?? [];
  const limit =
    typeof request.max_output_tokens === 'number' ? request.max_output_tokens : undefined;
  let incomplete = false;
  if (limit !== undefined && pieces.length > limit) {
    pieces = pieces.slice(0, limit);
    incomplete = true;
  }
  return {
    model,
    text: pieces.join(''),
    pieces,
    incomplete,
    inputTokens: estimateTokens(all) + estimateTokens(instructions ?? '') + 3,
    outputTokens: pieces.length,
    messageId: `msg_${context.id.slice(5)}`,
    instructions,
    maxOutputTokens: limit ?? null,
    metadata: isRecord(request.metadata) ? request.metadata : {},
  };
}

/** Total tokens a planned answer uses (for server-side TPM accounting). */
export function responsePlanTokens(plan: ResponsePlan): number {
  return plan.inputTokens + plan.outputTokens;
}

function outputTextPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

function messageItem(plan: ResponsePlan, done: boolean): Record<string, unknown> {
  return {
    id: plan.messageId,
    type: 'message',
    status: done ? (plan.incomplete ? 'incomplete' : 'completed') : 'in_progress',
    role: 'assistant',
    content: done ? [outputTextPart(plan.text)] : [],
  };
}

function responseObject(
  plan: ResponsePlan,
  context: ResponseBuildContext,
  phase: 'in_progress' | 'done',
): Record<string, unknown> {
  const done = phase === 'done';
  const body: Record<string, unknown> = {
    id: context.id,
    object: 'response',
    created_at: context.created,
    status: done ? (plan.incomplete ? 'incomplete' : 'completed') : 'in_progress',
    background: false,
    completed_at: done && !plan.incomplete ? context.created : null,
    error: null,
    incomplete_details: done && plan.incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: plan.instructions,
    max_output_tokens: plan.maxOutputTokens,
    max_tool_calls: null,
    model: plan.model,
    output: done ? [messageItem(plan, true)] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    metadata: plan.metadata,
  };
  // The API leaves usage out until the response is done (the spec does not allow null).
  if (done) {
    body.usage = {
      input_tokens: plan.inputTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: plan.outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: plan.inputTokens + plan.outputTokens,
    };
  }
  return body;
}

/** The spec's `Response` object for a plan. */
export function responseBody(plan: ResponsePlan, context: ResponseBuildContext): unknown {
  return responseObject(plan, context, 'done');
}

/**
 * The spec's `ResponseStreamEvent`s for a plan, in the order the API sends them:
 * created, in_progress, output_item.added, content_part.added, output_text.delta...,
 * output_text.done, content_part.done, output_item.done, then completed (or incomplete).
 */
export function responseStreamEvents(
  plan: ResponsePlan,
  context: ResponseBuildContext,
): Array<{ type: string } & Record<string, unknown>> {
  const events: Array<{ type: string } & Record<string, unknown>> = [];
  const push = (type: string, fields: Record<string, unknown>): void => {
    events.push({ type, sequence_number: events.length, ...fields });
  };
  const item = { item_id: plan.messageId, output_index: 0, content_index: 0 };
  push('response.created', { response: responseObject(plan, context, 'in_progress') });
  push('response.in_progress', { response: responseObject(plan, context, 'in_progress') });
  push('response.output_item.added', { output_index: 0, item: messageItem(plan, false) });
  push('response.content_part.added', { ...item, part: outputTextPart('') });
  for (const piece of plan.pieces) {
    push('response.output_text.delta', { ...item, delta: piece, logprobs: [] });
  }
  push('response.output_text.done', { ...item, text: plan.text, logprobs: [] });
  push('response.content_part.done', { ...item, part: outputTextPart(plan.text) });
  push('response.output_item.done', { output_index: 0, item: messageItem(plan, true) });
  push(plan.incomplete ? 'response.incomplete' : 'response.completed', {
    response: responseObject(plan, context, 'done'),
  });
  return events;
}
