import type { ContenderContext } from './contender.ts';
import { loadAiclient } from './load-aiclient.ts';
import { median } from './median.ts';
import type { ClientCreationResult } from './worker-job.ts';

/** Repeated calls timed for the cached figure (one call is below the timer's resolution). */
const CACHED_CALLS = 200;

/**
 * Times `getOpenAIClient()` in a fresh process (module already imported): the first call, which
 * validates settings and builds the pipeline and SDK instance, and repeated calls with the same
 * settings, which must return the shared instance.
 */
export async function runClientCreation({
  context,
}: {
  context: ContenderContext;
}): Promise<ClientCreationResult> {
  const { getOpenAIClient } = await loadAiclient();
  const options = { overrides: { apiKey: context.apiKeys[0], baseURL: context.baseURL } };
  const t0 = performance.now();
  const first = await getOpenAIClient(options);
  const firstMs = performance.now() - t0;
  const cached: number[] = [];
  for (let i = 0; i < CACHED_CALLS; i++) {
    const t = performance.now();
    const again = await getOpenAIClient(options);
    cached.push((performance.now() - t) * 1000);
    if (again !== first)
      throw new Error('getOpenAIClient returned a new instance for the same settings');
  }
  return { firstMs, cachedUs: median(cached) };
}
