import type { ChatCompletionsClient } from './contenders/sdk-contender.ts';

/** The part of `@aiclient/client` the benchmark drives. */
export interface AiclientApi {
  getOpenAIClient(options?: Record<string, unknown>): Promise<ChatCompletionsClient>;
}

/**
 * Loads `@aiclient/client` (built dist) and checks it has what the suite drives, so a partly built
 * client turns into a clear "not run" row instead of a crash.
 */
export async function loadAiclient(): Promise<AiclientApi> {
  const mod: Record<string, unknown> = await import('@aiclient/client');
  if (typeof mod.getOpenAIClient !== 'function') {
    throw new Error('@aiclient/client does not export getOpenAIClient (not built yet?)');
  }
  return mod as unknown as AiclientApi;
}
