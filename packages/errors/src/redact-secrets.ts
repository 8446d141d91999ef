/** What replaces a secret in redacted output. */
export const REDACTED = '[REDACTED]';

// Header or key/value pairs whose value is a credential, in text such as logged headers,
// JSON bodies or query strings. The value may carry an auth scheme ("Bearer xyz").
const CREDENTIAL_PAIR =
  /((?:x-)?api[-_]?key|authorization|openai[-_]api[-_]key|access[-_]?token|client[-_]?secret|password)(\\?["']?\s*[:=]\s*\\?["']?)(?:(?:Bearer|Basic|Token)\s+)?(?!\[REDACTED\])[^\s"',;&}\]\\]+/gi;
// Credentials after an auth scheme anywhere in text.
const AUTH_SCHEME = /(Bearer|Basic|Token)(\s+)(?!\[REDACTED\])[A-Za-z0-9._~+/=:-]+/gi;
// OpenAI key families (sk-, sk-proj-, sk-svcacct-, sk-admin-). No word boundary on purpose: a
// key glued to other text must still be masked, at the cost of masking rare look-alikes.
const OPENAI_KEY = /sk-[A-Za-z0-9_-]{16,}/g;

// Every pattern above needs one of these characters (a key's "sk-", the space after a scheme,
// a pair's ":" or "="): text without any (ids, names, numbers) skips the three scans.
const MAY_HOLD_SECRET = /[-\s:=]/;

/**
 * Masks anything in `text` that looks like a credential: OpenAI keys (`sk-...`), tokens after
 * `Bearer`/`Basic`/`Token`, and values of `api-key`, `authorization` and similar pairs.
 */
export function redactSecrets(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  return text
    .replace(CREDENTIAL_PAIR, (_match, name: string, separator: string) => {
      return `${name}${separator}${REDACTED}`;
    })
    .replace(AUTH_SCHEME, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(OPENAI_KEY, `sk-${REDACTED}`);
}
