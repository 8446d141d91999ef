import { estimateTokens } from './estimate-tokens';
import { fnv1a } from './fnv1a';

/** The parts of a chat completion request the mock reads (the body is schema-checked elsewhere). */
export interface ChatRequestLike {
  model?: unknown;
  messages?: unknown;
  n?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
  stream_options?: unknown;
}

/** Per-call values the server supplies (ids must be unique; content is derived from the body). */
export interface ChatBuildContext {
  id: string;
  created: number;
  /** Forces `finish_reason: 'content_filter'` with empty content (the soft content-filter fault). */
  contentFiltered?: boolean;
}

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

interface PlannedChoice {
  index: number;
  content: string | null;
  pieces: string[];
  toolCalls: ToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  completionTokens: number;
}

interface ChatPlan {
  model: string;
  choices: PlannedChoice[];
  promptTokens: number;
}

const PROMPT_DETAILS = { cached_tokens: 0, audio_tokens: 0 } as const;
const COMPLETION_DETAILS = {
  reasoning_tokens: 0,
  audio_tokens: 0,
  accepted_prediction_tokens: 0,
  rejected_prediction_tokens: 0,
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a message's `content`, whether a string or an array of parts. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (isRecord(part) && typeof part.text === 'string') text += part.text;
  }
  return text;
}

/** Prompt tokens like OpenAI counts them: content plus a small per-message overhead. */
export function estimatePromptTokens(messages: readonly unknown[]): number {
  let tokens = 3;
  for (const message of messages) {
    tokens += 3;
    if (isRecord(message)) tokens += estimateTokens(messageText(message.content));
  }
  return tokens;
}

function placeholderFor(schema: unknown, seed: string): unknown {
  if (!isRecord(schema)) return seed;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return seed;
  }
}

/** Deterministic arguments for a function tool: one placeholder per required (or any) property. */
function toolArguments(parameters: unknown, seed: string): string {
  const args: Record<string, unknown> = {};
  if (isRecord(parameters) && isRecord(parameters.properties)) {
    const names = Array.isArray(parameters.required)
      ? parameters.required.filter((name): name is string => typeof name === 'string')
      : Object.keys(parameters.properties);
    for (const name of names) args[name] = placeholderFor(parameters.properties[name], seed);
  }
  return JSON.stringify(args);
}

function chooseTool(
  request: ChatRequestLike,
  messages: readonly unknown[],
): Record<string, unknown> | undefined {
  if (!Array.isArray(request.tools) || request.tools.length === 0) return undefined;
  const functions = request.tools
    .filter(isRecord)
    .map((tool) => tool.function)
    .filter(isRecord);
  const choice = request.tool_choice;
  if (choice === 'none') return undefined;
  if (isRecord(choice) && isRecord(choice.function)) {
    const name = choice.function.name;
    return functions.find((fn) => fn.name === name);
  }
  if (choice === 'required') return functions[0];
  // 'auto': call a tool on a fresh user turn, answer in text once a tool result came back, so an
  // agent loop against the mock terminates.
  const last = messages[messages.length - 1];
  return isRecord(last) && last.role === 'user' ? functions[0] : undefined;
}

function splitPieces(text: string): string[] {
  const pieces = text.match(/\S+\s*/g);
  return pieces ?? [];
}

/**
 * Works out what the mock answers to a chat request: deterministic text derived from the model
 * and the messages (two different prompts get two different answers, the same prompt the same
 * one), `max_tokens` truncation, tool calls and `n` choices.
 */
export function planChatCompletion(request: ChatRequestLike, context: ChatBuildContext): ChatPlan {
  const model = typeof request.model === 'string' ? request.model : 'gpt-4o-mini';
  const messages = Array.isArray(request.messages) ? request.messages : [];
  const digest = fnv1a(`${model}\n${JSON.stringify(messages)}`)
    .toString(16)
    .padStart(8, '0');
  const count = typeof request.n === 'number' && request.n > 1 ? Math.min(request.n, 128) : 1;
  const limitValue = request.max_completion_tokens ?? request.max_tokens;
  const limit = typeof limitValue === 'number' && limitValue > 0 ? limitValue : undefined;

  let lastUserText = '';
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (isRecord(message) && message.role === 'user') {
      lastUserText = messageText(message.content);
      break;
    }
  }
  const echo = lastUserText.split(/\s+/).filter(Boolean).slice(0, 12).join(' ');
  const tool = chooseTool(request, messages);

  const choices: PlannedChoice[] = [];
  for (let index = 0; index < count; index++) {
    if (context.contentFiltered === true) {
      choices.push({
        index,
        content: '',
        pieces: [],
        toolCalls: [],
        finishReason: 'content_filter',
        completionTokens: 0,
      });
      continue;
    }
    if (tool !== undefined && typeof tool.name === 'string') {
      const args = toolArguments(tool.parameters, `mock-${digest}`);
      choices.push({
        index,
        content: null,
        pieces: [],
        toolCalls: [
          {
            id: `call_${digest}${index.toString(16).padStart(4, '0')}`,
            type: 'function',
            function: { name: tool.name, arguments: args },
          },
        ],
        finishReason: 'tool_calls',
        completionTokens: estimateTokens(args) + 3,
      });
      continue;
    }
    const prefix = count > 1 ? `[${index}] ` : '';
    const full = `${prefix}Mock answer ${digest}${echo.length > 0 ? `: ${echo}` : '.'}`;
    let pieces = splitPieces(full);
    let finishReason: PlannedChoice['finishReason'] = 'stop';
    if (limit !== undefined && pieces.length > limit) {
      pieces = pieces.slice(0, limit);
      finishReason = 'length';
    }
    const content = pieces.join('');
    choices.push({
      index,
      content,
      pieces,
      toolCalls: [],
      finishReason,
      completionTokens: pieces.length,
    });
  }
  return { model, choices, promptTokens: estimatePromptTokens(messages) };
}

function usageOf(plan: ChatPlan): Record<string, unknown> {
  let completion = 0;
  for (const choice of plan.choices) completion += choice.completionTokens;
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: completion,
    total_tokens: plan.promptTokens + completion,
    prompt_tokens_details: PROMPT_DETAILS,
    completion_tokens_details: COMPLETION_DETAILS,
  };
}

/** Total tokens a planned answer uses (for server-side TPM accounting). */
export function chatPlanTokens(plan: ChatPlan): number {
  let total = plan.promptTokens;
  for (const choice of plan.choices) total += choice.completionTokens;
  return total;
}

/** The spec's `CreateChatCompletionResponse` for a plan. */
export function chatCompletionResponse(plan: ChatPlan, context: ChatBuildContext): unknown {
  return {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: plan.model,
    choices: plan.choices.map((choice) => ({
      index: choice.index,
      message:
        choice.toolCalls.length > 0
          ? {
              role: 'assistant',
              content: null,
              refusal: null,
              annotations: [],
              tool_calls: choice.toolCalls,
            }
          : { role: 'assistant', content: choice.content, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: choice.finishReason,
    })),
    usage: usageOf(plan),
    service_tier: 'default',
    system_fingerprint: 'fp_mock0001',
  };
}

/**
 * The spec's `CreateChatCompletionStreamResponse` chunks for a plan, in order: per choice a role
 * chunk, content (or tool-call argument) chunks and a finish chunk; then, with
 * `stream_options.include_usage`, a last chunk with empty `choices` and the usage (every other
 * chunk then carries `usage: null`, as the API does).
 */
export function chatCompletionChunks(
  plan: ChatPlan,
  context: ChatBuildContext,
  includeUsage: boolean,
): unknown[] {
  const chunks: unknown[] = [];
  const chunk = (choice: Record<string, unknown>): void => {
    const value: Record<string, unknown> = {
      id: context.id,
      object: 'chat.completion.chunk',
      created: context.created,
      model: plan.model,
      service_tier: 'default',
      system_fingerprint: 'fp_mock0001',
      choices: [choice],
    };
    if (includeUsage) value.usage = null;
    chunks.push(value);
  };
  for (const choice of plan.choices) {
    const index = choice.index;
    if (choice.toolCalls.length > 0) {
      chunk({
        index,
        delta: {
          role: 'assistant',
          content: null,
          tool_calls: choice.toolCalls.map((call, callIndex) => ({
            index: callIndex,
            id: call.id,
            type: 'function',
            function: { name: call.function.name, arguments: '' },
          })),
        },
        logprobs: null,
        finish_reason: null,
      });
      choice.toolCalls.forEach((call, callIndex) => {
        const args = call.function.arguments;
        const middle = Math.ceil(args.length / 2);
        for (const piece of [args.slice(0, middle), args.slice(middle)]) {
          if (piece.length === 0) continue;
          chunk({
            index,
            delta: { tool_calls: [{ index: callIndex, function: { arguments: piece } }] },
            logprobs: null,
            finish_reason: null,
          });
        }
      });
    } else {
      chunk({
        index,
        delta: { role: 'assistant', content: '', refusal: null },
        logprobs: null,
        finish_reason: null,
      });
      for (const piece of choice.pieces) {
        chunk({ index, delta: { content: piece }, logprobs: null, finish_reason: null });
      }
    }
    chunk({ index, delta: {}, logprobs: null, finish_reason: choice.finishReason });
  }
  if (includeUsage) {
    chunks.push({
      id: context.id,
      object: 'chat.completion.chunk',
      created: context.created,
      model: plan.model,
      service_tier: 'default',
      system_fingerprint: 'fp_mock0001',
      choices: [],
      usage: usageOf(plan),
    });
  }
  return chunks;
}
