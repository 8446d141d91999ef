import { explainApiKey } from './explain-api-key';

/**
 * True when `key` has the shape of a key OpenAI issues (`sk-proj-`, `sk-svcacct-`, `sk-admin-`,
 * legacy `sk-`). Shape only: use `verifyApiKey` for a live check and `explainApiKey` for the
 * reason a key fails.
 */
export function validateApiKey(key: string): boolean {
  return explainApiKey(key).valid;
}
