import type OpenAI from 'openai';
import type { AskRequest } from './ask-request-schema.js';

/** Token counts of one answer. */
export interface AskUsage {
  inputTokens: number;
  outputTokens: number;
}

/** The JSON answer of `POST /v1/ask`. */
export interface AskAnswer {
  id: string;
  model: string;
  text: string;
  finishReason: string | null;
  usage?: AskUsage;
}

/** One event of a streamed answer: text as it arrives, then a closing summary. */
export type AskStreamEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      id: string;
      model: string;
      finishReason: string | null;
      usage?: AskUsage;
    };

/** What the HTTP layer needs from a model: an answer, or the same answer as a stream. */
export interface Asker {
  answer(request: AskRequest, signal: AbortSignal): Promise<AskAnswer>;
  stream(request: AskRequest, signal: AbortSignal): AsyncIterable<AskStreamEvent>;
}

/** Options of {@link createOpenAIAsker}. */
export interface OpenAIAskerOptions {
  /** Model used when a request names none. */
  defaultModel: string;
}

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

function toParams(request: AskRequest, defaultModel: string): ChatParams {
  const messages: ChatParams['messages'] = request.messages ?? [
    { role: 'user', content: request.prompt ?? '' },
  ];
  const params: ChatParams = { model: request.model ?? defaultModel, messages };
  if (request.maxTokens !== undefined) params.max_completion_tokens = request.maxTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  return params;
}

function toUsage(usage: OpenAI.CompletionUsage | null | undefined): AskUsage | undefined {
  if (usage === null || usage === undefined) return undefined;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
}

/**
 * Answers ask requests with an OpenAI SDK instance (the one `@aiclient/client` returns, so
 * retries, deadlines, stream guards and telemetry apply underneath). Errors propagate as thrown.
 */
export function createOpenAIAsker(client: OpenAI, { defaultModel }: OpenAIAskerOptions): Asker {
  return {
    async answer(request, signal) {
      const completion = await client.chat.completions.create(toParams(request, defaultModel), {
        signal,
      });
      const choice = completion.choices[0];
      const answer: AskAnswer = {
        id: completion.id,
        model: completion.model,
        text: choice?.message.content ?? '',
        finishReason: choice?.finish_reason ?? null,
      };
      const usage = toUsage(completion.usage);
      if (usage !== undefined) answer.usage = usage;
      return answer;
    },
    async *stream(request, signal) {
      const stream = await client.chat.completions.create(
        {
          ...toParams(request, defaultModel),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal },
      );
      let id = '';
      let model = request.model ?? defaultModel;
      let finishReason: string | null = null;
      let usage: AskUsage | undefined;
      for await (const chunk of stream) {
        id = chunk.id;
        model = chunk.model;
        usage = toUsage(chunk.usage) ?? usage;
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        const text = choice?.delta.content;
        if (text) yield { type: 'delta', text };
      }
      const done: AskStreamEvent = { type: 'done', id, model, finishReason };
      if (usage !== undefined) done.usage = usage;
      yield done;
    },
  };
}
