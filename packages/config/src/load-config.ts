import { AIConfigError, type ConfigIssue } from '@aiclient/errors';
import type { z } from 'zod';
import { explainApiKey } from './explain-api-key';
import { inferProvider, isLoopbackURL } from './infer-provider';
import { readProcessEnv } from './read-process-env';
import {
  type AIClientSettings,
  type AIClientSettingsInput,
  getSettingsSchema,
  type SettingMeta,
  type SettingName,
  type SettingsSchema,
} from './settings-schema';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Environment to read settings from. Empty values count as unset.
   * @default process.env (read when `loadConfig` is called, never at import)
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Typed settings that win over the environment, field by field. */
  overrides?: AIClientSettingsInput;
}

type Shape = SettingsSchema['shape'];
// Taken from the schema (built and cached on first use, not at import: building it loads zod).
let namesCache: SettingName[] | undefined;
const shape = (): Shape => getSettingsSchema().shape;
const names = (): SettingName[] => {
  namesCache ??= Object.keys(shape()) as SettingName[];
  return namesCache;
};

/** Environment variable of a setting, from the schema's metadata. */
export function envVarOf(option: SettingName): string {
  return (shape()[option].meta() as unknown as SettingMeta).envVar;
}

/**
 * Loads settings: environment, then overrides, parsed by `settingsSchema`, normalized
 * (provider and requireApiKey inferred, key pool built) and checked across fields.
 * Returns a deeply frozen object, or throws one `AIConfigError` (`AI-CONFIG-001`) whose
 * `issues` list every problem with its option and environment variable, never a secret's value.
 * Issues about the key carry `code` `AI-CLIENT-001` (missing) or `AI-CLIENT-002` (malformed).
 */
export function loadConfig({
  env = readProcessEnv(),
  overrides = {},
}: LoadConfigOptions = {}): Readonly<AIClientSettings> {
  const issues: ConfigIssue[] = [];
  const raw = collectRaw(env, overrides, issues);
  const typed: Partial<Record<SettingName, unknown>> = {};
  const fields = shape();
  for (const name of names()) {
    const result = (fields[name] as z.ZodType).safeParse(raw[name]);
    if (result.success) {
      if (result.data !== undefined) typed[name] = result.data;
    } else {
      for (const issue of result.error.issues) {
        addIssue(issues, `${name}${formatSubPath(issue.path)}`, name, issue.message);
      }
    }
  }
  const settings = normalize(typed as Partial<AIClientSettings>, issues);
  if (issues.length > 0 || settings === undefined) {
    throw new AIConfigError({
      message: formatMessage(issues),
      code: 'AI-CONFIG-001',
      issues,
      context: { source: 'config.loadConfig', details: { issueCount: issues.length } },
    });
  }
  return deepFreeze(settings);
}

function collectRaw(
  env: Readonly<Record<string, string | undefined>>,
  overrides: AIClientSettingsInput,
  issues: ConfigIssue[],
): Partial<Record<SettingName, unknown>> {
  const raw: Partial<Record<SettingName, unknown>> = {};
  for (const name of names()) {
    const value = env[envVarOf(name)];
    // Unset and empty are the same: compose files and CI often export empty variables.
    if (typeof value === 'string' && value.trim() !== '') raw[name] = value;
  }
  if (typeof overrides !== 'object' || overrides === null) {
    issues.push({ path: 'overrides', message: 'must be an object of settings' });
    return raw;
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(shape(), key)) {
      issues.push({ path: key, message: 'is not a known option', code: 'AI-CONFIG-001' });
      continue;
    }
    if (value !== undefined) raw[key as SettingName] = value;
  }
  return raw;
}

function normalize(
  typed: Partial<AIClientSettings>,
  issues: ConfigIssue[],
): AIClientSettings | undefined {
  const baseURL = typed.baseURL?.replace(/\/+$/, '');
  const provider = typed.provider ?? (baseURL === undefined ? undefined : inferProvider(baseURL));
  const requireApiKey =
    typed.requireApiKey ??
    (provider === undefined || baseURL === undefined
      ? true
      : !(provider === 'compatible' && isLoopbackURL(baseURL)));

  const pool = checkKeys(typed, provider, issues);
  if (requireApiKey && pool.length === 0 && !hasIssueFor(issues, 'apiKey', 'apiKeys')) {
    addIssue(
      issues,
      'apiKey',
      'apiKey',
      `is required${provider === undefined ? '' : ` for provider ${provider}`}: set OPENAI_API_KEY or OPENAI_API_KEYS (or requireApiKey: false for a server without auth)`,
      'AI-CLIENT-001',
    );
  }
  if (baseURL !== undefined) checkBaseURL(baseURL, provider, issues);
  checkRanges(typed, issues);
  checkModels(typed, issues);
  if (provider === 'azure' && typed.azureApiVersion === undefined && baseURL !== undefined) {
    // The Azure v1 API (/openai/v1) takes no api-version; the older deployment API needs one.
    if (!/\/openai\/v1$/.test(new URL(baseURL).pathname)) {
      addIssue(
        issues,
        'azureApiVersion',
        'azureApiVersion',
        'is required for Azure OpenAI unless baseURL ends with /openai/v1',
      );
    }
  }
  if (provider === 'openai') {
    if (typed.organization !== undefined && !typed.organization.startsWith('org-')) {
      addIssue(issues, 'organization', 'organization', 'must start with "org-"');
    }
    if (typed.project !== undefined && !typed.project.startsWith('proj_')) {
      addIssue(issues, 'project', 'project', 'must start with "proj_"');
    }
  }
  if (issues.length > 0 || baseURL === undefined || provider === undefined) return undefined;

  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(typed)) if (value !== undefined) result[key] = value;
  result.baseURL = baseURL;
  result.provider = provider;
  result.requireApiKey = requireApiKey;
  result.apiKeys = pool;
  if (pool[0] !== undefined) result.apiKey = pool[0];
  return result as unknown as AIClientSettings;
}

/** Checks every key's shape and builds the pool (apiKey first, then apiKeys). */
function checkKeys(
  typed: Partial<AIClientSettings>,
  provider: string | undefined,
  issues: ConfigIssue[],
): string[] {
  const entries: Array<[path: string, option: SettingName, key: string]> = [];
  if (typed.apiKey !== undefined) entries.push(['apiKey', 'apiKey', typed.apiKey]);
  (typed.apiKeys ?? []).forEach((key, index) => {
    entries.push([`apiKeys[${index}]`, 'apiKeys', key]);
  });
  const pool: string[] = [];
  const firstPath = new Map<string, string>();
  for (const [path, option, key] of entries) {
    const problem = provider === 'openai' ? explainApiKey(key) : explainToken(key);
    if (!problem.valid) {
      addIssue(issues, path, option, problem.reason, 'AI-CLIENT-002');
      continue;
    }
    const earlier = firstPath.get(key);
    if (earlier !== undefined) {
      // apiKey repeated in the pool is the common "OPENAI_API_KEY plus OPENAI_API_KEYS" layout.
      if (earlier !== 'apiKey') {
        addIssue(issues, path, option, `duplicates ${earlier}; each pool key must be distinct`);
      }
      continue;
    }
    firstPath.set(key, path);
    pool.push(key);
  }
  return pool;
}

/** Checks for keys sent to Azure or compatible servers: any token a header can carry. */
function explainToken(key: string): { valid: true } | { valid: false; reason: string } {
  if (key === '') return { valid: false, reason: 'API key is empty' };
  if (/[\r\n]/.test(key)) {
    return {
      valid: false,
      reason: 'API key contains a line break (a trailing newline from a file or echo?)',
    };
  }
  if (/\s/.test(key)) return { valid: false, reason: 'API key contains whitespace' };
  if (/["'`]/.test(key)) return { valid: false, reason: 'API key contains quote characters' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(key))
    return { valid: false, reason: 'API key contains control characters' };
  return { valid: true };
}

function checkBaseURL(baseURL: string, provider: string | undefined, issues: ConfigIssue[]): void {
  const url = new URL(baseURL);
  if (url.username !== '' || url.password !== '') {
    addIssue(issues, 'baseURL', 'baseURL', 'must not embed credentials; pass the key as apiKey');
  }
  if ((provider === 'openai' || provider === 'azure') && url.protocol !== 'https:') {
    addIssue(issues, 'baseURL', 'baseURL', `must use https for provider ${provider}`);
  }
  if (url.search !== '' || url.hash !== '') {
    addIssue(issues, 'baseURL', 'baseURL', 'must not have a query string or fragment');
  }
}

function checkRanges(typed: Partial<AIClientSettings>, issues: ConfigIssue[]): void {
  const { retryBaseDelayMs, retryMaxDelayMs, streamTotalTimeoutMs } = typed;
  if (
    retryBaseDelayMs !== undefined &&
    retryMaxDelayMs !== undefined &&
    retryMaxDelayMs < retryBaseDelayMs
  ) {
    addIssue(
      issues,
      'retryMaxDelayMs',
      'retryMaxDelayMs',
      'must not be less than retryBaseDelayMs',
    );
  }
  if (streamTotalTimeoutMs !== undefined) {
    for (const name of ['streamFirstChunkTimeoutMs', 'streamIdleTimeoutMs'] as const) {
      const value = typed[name];
      if (value !== undefined && value > streamTotalTimeoutMs) {
        addIssue(issues, name, name, 'must not exceed streamTotalTimeoutMs');
      }
    }
  }
}

function checkModels(typed: Partial<AIClientSettings>, issues: ConfigIssue[]): void {
  const seen = new Set<string>();
  (typed.fallbackModels ?? []).forEach((model, index) => {
    const path = `fallbackModels[${index}]`;
    if (model === typed.model) {
      addIssue(issues, path, 'fallbackModels', 'repeats the default model');
    } else if (seen.has(model)) {
      addIssue(issues, path, 'fallbackModels', 'is listed twice');
    }
    seen.add(model);
  });
}

function addIssue(
  issues: ConfigIssue[],
  path: string,
  option: SettingName,
  message: string,
  code: ConfigIssue['code'] = 'AI-CONFIG-001',
): void {
  issues.push({ path, envVar: envVarOf(option), message, code });
}

function hasIssueFor(issues: readonly ConfigIssue[], ...options: string[]): boolean {
  return issues.some((issue) =>
    options.some((option) => issue.path === option || issue.path.startsWith(`${option}[`)),
  );
}

function formatSubPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
}

function formatMessage(issues: readonly ConfigIssue[]): string {
  const lines = issues.map(
    (issue) =>
      `  - ${issue.path}${issue.envVar === undefined ? '' : ` (${issue.envVar})`}: ${issue.message}`,
  );
  const count = `${issues.length} issue${issues.length === 1 ? '' : 's'}`;
  return `Invalid aiclient configuration (${count}):\n${lines.join('\n')}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
