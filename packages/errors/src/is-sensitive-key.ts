// Compared after lower-casing and removing '-' and '_', so `X-Api-Key`, `api_key` and `apiKey`
// are one entry.
const SENSITIVE_KEYS = new Set([
  'apikey',
  'apikeys',
  'xapikey',
  'openaiapikey',
  'openaiapikeys',
  'authorization',
  'proxyauthorization',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'sessiontoken',
  'bearertoken',
  'cookie',
  'setcookie',
  'privatekey',
]);

/** True when a property or header named `key` holds a credential, whatever its value looks like. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}
