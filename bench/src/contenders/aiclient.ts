import type { SdkLogger } from '@aiclient/telemetry/node';
import type { Contender, ContenderContext } from '../contender.ts';
import { loadAiclient } from '../load-aiclient.ts';
import { nullStream, startBenchTelemetry } from '../start-bench-telemetry.ts';
import { sdkContender } from './sdk-contender.ts';

/** Generous client-side limits: the limiter decides on every call but never makes one wait. */
const GENEROUS_RPM = 10_000_000;
const GENEROUS_TPM = 10_000_000_000;

/**
 * aiclient with everything optional off: no telemetry, no logs, no cache, no limiter, one key.
 * What remains is the transport pipeline itself (deadline, retry bookkeeping, error mapping).
 */
export async function createAiclientOffContender(context: ContenderContext): Promise<Contender> {
  const { getOpenAIClient } = await loadAiclient();
  const client = await getOpenAIClient({
    overrides: {
      apiKey: context.apiKeys[0],
      baseURL: context.baseURL,
      telemetryEnabled: false,
      logLevel: 'off',
      cacheEnabled: false,
    },
  });
  return sdkContender(client, context.model);
}

/**
 * aiclient with telemetry: real OpenTelemetry spans and metrics (SDK registered, exports dropped)
 * and winston logging at info into a null stream.
 */
export async function createAiclientTelemetryContender(
  context: ContenderContext,
): Promise<Contender> {
  const { getOpenAIClient } = await loadAiclient();
  const telemetry = startBenchTelemetry();
  const client = await getOpenAIClient({
    overrides: {
      apiKey: context.apiKeys[0],
      baseURL: context.baseURL,
      telemetryEnabled: true,
      logLevel: 'info',
      cacheEnabled: false,
    },
    logger: await infoLogger(),
  });
  return { ...sdkContender(client, context.model), close: () => telemetry.shutdown() };
}

/**
 * aiclient with the whole pipeline on: telemetry and info logs as above, a pool of three keys,
 * the client-side rate limiter with generous limits, the response cache (every request distinct,
 * so the miss path: key hash, lookup, store), circuit breakers and a fallback model. With a Redis
 * URL in the context, shared state goes through Redis.
 */
export async function createAiclientFullContender(context: ContenderContext): Promise<Contender> {
  const { getOpenAIClient } = await loadAiclient();
  const telemetry = startBenchTelemetry();
  const client = await getOpenAIClient({
    overrides: {
      apiKeys: [...context.apiKeys],
      baseURL: context.baseURL,
      telemetryEnabled: true,
      logLevel: 'info',
      rateLimitRpm: GENEROUS_RPM,
      rateLimitTpm: GENEROUS_TPM,
      cacheEnabled: true,
      fallbackModels: ['gpt-4o'],
      ...(context.redisUrl === undefined ? {} : { redisUrl: context.redisUrl }),
    },
    logger: await infoLogger(),
  });
  return { ...sdkContender(client, context.model), close: () => telemetry.shutdown() };
}

/** winston at info into a null stream; imported lazily so the "off" contender never loads it. */
async function infoLogger(): Promise<SdkLogger> {
  const { createLogger } = await import('@aiclient/telemetry/node');
  return createLogger({ level: 'info', format: 'json', stream: nullStream() });
}
