import OpenAI from 'openai-v6';
import type { Contender, ContenderContext } from '../contender.ts';
import { type ChatCompletionsClient, sdkContender } from './sdk-contender.ts';

/** The previous major of the official SDK (6.49), for the version comparison. */
export async function createOpenAIV6SdkContender(context: ContenderContext): Promise<Contender> {
  const client = new OpenAI({
    apiKey: context.apiKeys[0],
    baseURL: context.baseURL,
    maxRetries: 0,
  });
  // Both majors share the chat.completions call shape the benchmark uses.
  return sdkContender(client as unknown as ChatCompletionsClient, context.model);
}
