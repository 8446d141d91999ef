import { remember } from '../pipeline/remember';
import type { CallContext } from '../pipeline/stage';
import type { KeyPool } from './key-pool';

/**
 * One fallback candidate: another model on the same endpoint, or another endpoint (an Azure
 * OpenAI deployment, an OpenAI-compatible server) with its own key (the `fallbacks` option;
 * settings `fallbackModels` give model-only targets).
 */
export interface FallbackTarget {
  /** Label in spans, usage and logs. @default '<model>@<host>' */
  name?: string;
  /** Model to ask for (Azure: the deployment, unless `deployment` is set). @default the request's */
  model?: string;
  /** Another endpoint's API base URL. @default the client's baseURL */
  baseURL?: string;
  /** Key for that endpoint; without it the client's key pool is used. Never logged. */
  apiKey?: string;
  /** `azure` builds `/openai/deployments/<deployment>/...?api-version=` URLs and sends `api-key`. */
  provider?: 'openai' | 'azure' | 'compatible';
  /** Azure deployment name. @default model */
  deployment?: string;
  /** Azure `api-version`. @default '2024-10-21' */
  azureApiVersion?: string;
  /** Context window in tokens: a `context_length_exceeded` moves only to a larger one. */
  contextWindow?: number;
}

/** A target ready for use in a call. */
export interface ResolvedTarget {
  name: string;
  /** Index in the chain; 0 is the primary. */
  index: number;
  model: string | undefined;
  /** Full URL of this call at this target. */
  url: string;
  provider: 'openai' | 'azure' | 'compatible';
  apiKey: string | undefined;
  /** Keys to choose from when the target has no key of its own. */
  pool: KeyPool | undefined;
  contextWindow: number | undefined;
  /** True when the target is a different endpoint than the client's. */
  foreign: boolean;
}

const DEFAULT_AZURE_API_VERSION = '2024-10-21';

const hosts = new Map<string, string>();

/** The host of `url` (remembered: a client calls a handful of URLs, each on every call). */
function hostOf(url: string): string {
  return remember(hosts, url, () => {
    try {
      return new URL(url).host;
    } catch {
      return 'unknown';
    }
  });
}

/** The request a call's chain starts from, as the SDK built it (before any target changed it). */
export interface ChainOrigin {
  url: string;
  model: string | undefined;
}

/** The URL of this call at `target`: the same path (and query) under the target's base URL. */
export function targetUrl(
  ctx: CallContext,
  target: FallbackTarget,
  model: string | undefined,
  originUrl: string = ctx.request.url,
): string {
  const original = new URL(originUrl);
  if (target.baseURL === undefined) return original.href;
  const base = target.baseURL.replace(/\/+$/, '');
  if (target.provider === 'azure') {
    const deployment = encodeURIComponent(target.deployment ?? model ?? '');
    const url = new URL(`${base}/openai/deployments/${deployment}${ctx.request.path}`);
    url.searchParams.set('api-version', target.azureApiVersion ?? DEFAULT_AZURE_API_VERSION);
    return url.href;
  }
  return new URL(`${base}${ctx.request.path}${original.search}`).href;
}

/**
 * Target `index` of the call's chain: 0 is the primary (the request as the SDK built it), then
 * each fallback; `undefined` past the end. Resolved on demand, so a call the primary serves
 * never builds the others.
 */
export function resolveTarget(
  ctx: CallContext,
  origin: ChainOrigin,
  fallbacks: readonly FallbackTarget[],
  index: number,
  pool: KeyPool | undefined,
  primaryContextWindow: number | undefined,
): ResolvedTarget | undefined {
  if (index === 0) {
    return {
      name: `${origin.model ?? 'default'}@${hostOf(origin.url)}`,
      index: 0,
      model: origin.model,
      url: origin.url,
      provider: ctx.settings.provider,
      apiKey: undefined,
      pool,
      contextWindow: primaryContextWindow,
      foreign: false,
    };
  }
  const target = fallbacks[index - 1];
  if (target === undefined) return undefined;
  const model = target.model ?? origin.model;
  const url = targetUrl(ctx, target, model, origin.url);
  return {
    name: target.name ?? `${model ?? 'default'}@${hostOf(url)}`,
    index,
    model,
    url,
    provider: target.provider ?? (target.baseURL === undefined ? ctx.settings.provider : 'openai'),
    apiKey: target.apiKey,
    // An endpoint of its own never receives the client's keys, only its own (or none).
    pool: target.baseURL === undefined && target.apiKey === undefined ? pool : undefined,
    contextWindow: target.contextWindow,
    foreign: target.baseURL !== undefined,
  };
}

/** Replaces the `model` of a JSON body text, keeping every other byte's meaning. */
export function withModel(body: string, model: string): string {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify({ ...parsed, model });
}
