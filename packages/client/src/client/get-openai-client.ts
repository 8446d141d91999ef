import { createHash } from 'node:crypto';
import {
  type AIClientSettings,
  type AIClientSettingsInput,
  loadConfig,
  verifyApiKey,
} from '@aiclient/config';
import { AIClientError, AIConfigError, AIError } from '@aiclient/errors';
import { createToolkitMetrics } from '@aiclient/telemetry';
import type OpenAI from 'openai';
import {
  createResilience,
  type Resilience,
  type ResilienceOptions,
} from '../resilience/create-resilience';
import { type ClientDependencies, createOpenAIClient } from './create-openai-client';
import { levelFilteredLogger } from './level-filtered-logger';

/** Options of {@link getOpenAIClient}: setting overrides plus dependencies. */
export interface GetOpenAIClientOptions extends ClientDependencies {
  /** Settings that win over the environment (see @aiclient/config for each one). */
  overrides?: AIClientSettingsInput | undefined;
  /** Environment to read settings from. @default process.env, read at call time */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Key provider, fallback targets, breaker thresholds... (see README "Resilience"). */
  resilience?: ResilienceOptions | undefined;
}

const clients = new Map<string, Promise<OpenAI>>();
// What each shared client runs besides itself (key refresh, breaker sync, Redis), to stop later.
const resiliences = new Map<string, Resilience>();
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function identity(value: unknown): string {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return '-';
  let id = objectIds.get(value);
  if (id === undefined) {
    id = ++nextObjectId;
    objectIds.set(value, id);
  }
  return String(id);
}

function cacheKey(settings: Readonly<AIClientSettings>, options: GetOpenAIClientOptions): string {
  const deps = [
    options.logger,
    options.fetch,
    options.tracer,
    options.meter,
    options.usageTracker,
    options.random,
    options.resilience,
    ...(options.stages ?? []),
  ].map(identity);
  // Hashed so the keys never sit in memory as part of a map key.
  return createHash('sha256').update(JSON.stringify(settings)).update(deps.join(',')).digest('hex');
}

function asClientError(error: AIConfigError): AIError {
  const keyIssue = error.issues.find(
    (issue) => issue.code === 'AI-CLIENT-001' || issue.code === 'AI-CLIENT-002',
  );
  if (keyIssue?.code !== 'AI-CLIENT-001' && keyIssue?.code !== 'AI-CLIENT-002') return error;
  return new AIClientError({
    code: keyIssue.code,
    message: keyIssue.message,
    cause: error,
    context: {
      source: 'client.getOpenAIClient',
      details: { path: keyIssue.path, envVar: keyIssue.envVar },
    },
  });
}

async function build(
  settings: Readonly<AIClientSettings>,
  options: GetOpenAIClientOptions,
  cacheKeyOf: string,
): Promise<OpenAI> {
  // Resilience stages from the settings (key pool, fallbacks, limits, cache, Redis) and options;
  // stages the caller passed by the same name win.
  const given = options.stages ?? [];
  const resilience = await createResilience(settings, options.resilience, {
    logger: levelFilteredLogger(options.logger ?? console, settings.logLevel),
    metrics: createToolkitMetrics(options.meter),
    usageTracker: options.usageTracker,
  });
  let client: OpenAI;
  try {
    client = createOpenAIClient(settings, {
      ...options,
      stages: [...given, ...resilience.stages.filter((s) => !given.some((g) => g.name === s.name))],
    });
  } catch (error) {
    await resilience.close();
    throw error;
  }
  resiliences.set(cacheKeyOf, resilience);
  const key = settings.apiKey ?? settings.apiKeys[0];
  if (!settings.verifyKey || key === undefined) return client;
  const verification = await verifyApiKey(key, {
    baseURL: settings.baseURL,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  if (verification.status === 'invalid' || verification.status === 'forbidden') {
    const error = new AIClientError({
      code: 'AI-CLIENT-003',
      message: `API key rejected at verification: ${verification.message}`,
      context: {
        source: 'client.getOpenAIClient',
        ...(verification.httpStatus === undefined ? {} : { status: verification.httpStatus }),
        ...(verification.requestId === undefined ? {} : { requestId: verification.requestId }),
        details: { verification: verification.status },
      },
    });
    levelFilteredLogger(options.logger ?? console, settings.logLevel).error(
      'aiclient client creation failed',
      error.toJSON(),
    );
    resiliences.delete(cacheKeyOf);
    await resilience.close();
    throw error;
  }
  if (verification.status !== 'valid') {
    // Rate limits or an unreachable endpoint say nothing about the key: warn and go on.
    levelFilteredLogger(options.logger ?? console, settings.logLevel).warn(
      'aiclient key verification inconclusive',
      {
        status: verification.status,
        httpStatus: verification.httpStatus,
        message: verification.message,
      },
    );
  }
  return client;
}

/**
 * The shared client: settings from `@aiclient/config` (environment, then `overrides`), built
 * once per distinct effective settings and dependencies. Concurrent and repeated calls with the
 * same ones share one creation promise and one instance; a failed creation is not cached.
 * Rejects with `AIClientError` (`AI-CLIENT-001` no key, `-002` malformed key, `-003` key rejected
 * when `verifyKey` is on) or `AIConfigError` for other invalid settings.
 */
export function getOpenAIClient(options: GetOpenAIClientOptions = {}): Promise<OpenAI> {
  let settings: Readonly<AIClientSettings>;
  try {
    settings = loadConfig({
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
    });
  } catch (error) {
    const translated = AIConfigError.isInstance(error) ? asClientError(error) : error;
    if (AIError.isInstance(translated)) {
      // Settings failed to load, so the level is unknown: errors are always worth one line.
      (options.logger ?? console).error('aiclient client creation failed', translated.toJSON());
    }
    return Promise.reject(translated);
  }
  const key = cacheKey(settings, options);
  const existing = clients.get(key);
  if (existing !== undefined) return existing;
  const created = build(settings, options, key);
  clients.set(key, created);
  created.catch(() => {
    if (clients.get(key) === created) clients.delete(key);
  });
  return created;
}

/**
 * Forgets every shared client and stops what their resilience parts run (key refresh, breaker
 * sync, Redis connections). Instances already handed out keep making calls.
 */
export async function clearOpenAIClientCache(): Promise<void> {
  const running = [...resiliences.values()];
  clients.clear();
  resiliences.clear();
  await Promise.all(running.map((resilience) => resilience.close()));
}
