import type { getOpenAIClient } from '@aiclient/client';

/** The part of `@aiclient/client` the benchmark drives. */
export interface AiclientApi {
  readonly getOpenAIClient: typeof getOpenAIClient;
}

/**
 * Loads `@aiclient/client` (its built dist) and checks it has what the suite drives, so a client
 * that is not built turns into a clear "not run" row instead of a crash.
 */
export async function loadAiclient(): Promise<AiclientApi> {
  const mod: Partial<AiclientApi> = await import('@aiclient/client');
  if (typeof mod.getOpenAIClient !== 'function') {
    throw new Error('@aiclient/client does not export getOpenAIClient (not built?)');
  }
  return { getOpenAIClient: mod.getOpenAIClient };
}
