import { keyId } from './key-id';
import { maskApiKey } from './mask-api-key';
import type { AIClientSettings } from './settings-schema';

/** The effective configuration with every secret masked: safe to log or print. */
export type SafeClientConfig = Omit<AIClientSettings, 'apiKey' | 'apiKeys' | 'fallbackModels'> & {
  /** Masked, e.g. `sk-...abcd`. */
  apiKey?: string;
  /** Masked pool, in order. */
  apiKeys: string[];
  /** Fingerprints of the pool keys (`key_` + 8 hex), as used in logs and metrics. */
  keyIds: string[];
  fallbackModels: string[];
};

/**
 * The effective configuration as a plain, mutable object safe to log: keys shown as
 * `sk-...abcd` plus their `keyId`, passwords in the Redis and base URLs masked.
 */
export function getClientConfig(settings: AIClientSettings): SafeClientConfig {
  const { apiKey, apiKeys, fallbackModels, ...rest } = settings;
  const safe: SafeClientConfig = {
    ...rest,
    baseURL: maskUrlCredentials(settings.baseURL),
    apiKeys: apiKeys.map(maskApiKey),
    keyIds: apiKeys.map(keyId),
    fallbackModels: [...fallbackModels],
  };
  if (apiKey !== undefined) safe.apiKey = maskApiKey(apiKey);
  if (settings.redisUrl !== undefined) safe.redisUrl = maskUrlCredentials(settings.redisUrl);
  return safe;
}

function maskUrlCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (url.password === '' && url.username === '') return value;
    if (url.password !== '') url.password = '***';
    else url.username = '***';
    return url.toString();
  } catch {
    return value;
  }
}
