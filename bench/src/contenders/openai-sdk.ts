import OpenAI from 'openai';
import type { Contender, ContenderContext } from '../contender.ts';
import { sdkContender } from './sdk-contender.ts';

/** The baseline: the bare official `openai` SDK (7.x), its own retries off. */
export async function createOpenAISdkContender(context: ContenderContext): Promise<Contender> {
  const client = new OpenAI({
    apiKey: context.apiKeys[0],
    baseURL: context.baseURL,
    maxRetries: 0,
  });
  return sdkContender(client, context.model);
}
