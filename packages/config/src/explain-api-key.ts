/** Result of {@link explainApiKey}: why a key is not shaped like an OpenAI key. */
export type ApiKeyExplanation = { valid: true } | { valid: false; reason: string };

// Key families OpenAI issues today. Project, service-account and admin keys are the prefix plus
// ~156 characters of [A-Za-z0-9_-]; their first generation (2024) was the prefix plus 48
// alphanumerics, which is still accepted. Legacy user keys are `sk-` plus 48 alphanumerics.
const MODERN_PREFIXES = ['sk-proj-', 'sk-svcacct-', 'sk-admin-'] as const;
const MODERN_MIN = 100;
const MODERN_MAX = 300;
const FIRST_GENERATION_LENGTH = 48;
const LEGACY_LENGTH = 48;

/**
 * Shape check of an OpenAI API key (no network): known prefix, allowed characters, plausible
 * length, and none of the usual copy-paste damage (whitespace, newline, quotes, truncation).
 * The reason never contains the key.
 */
export function explainApiKey(key: unknown): ApiKeyExplanation {
  if (typeof key !== 'string') return invalid('is not a string');
  if (key === '') return invalid('is empty');
  if (/[\r\n]/.test(key))
    return invalid('contains a line break (a trailing newline from a file or echo?)');
  if (/\s/.test(key)) return invalid('contains whitespace (copy-paste leftover?)');
  if (/["'`]/.test(key)) return invalid('contains quote characters (quoted twice in a .env file?)');
  const modern = MODERN_PREFIXES.find((prefix) => key.startsWith(prefix));
  if (modern !== undefined) {
    const body = key.slice(modern.length);
    if (!/^[A-Za-z0-9_-]+$/.test(body)) {
      return invalid(`has characters outside [A-Za-z0-9_-] after "${modern}"`);
    }
    if (body.length === FIRST_GENERATION_LENGTH && /^[A-Za-z0-9]+$/.test(body))
      return { valid: true };
    if (body.length < MODERN_MIN) {
      return invalid(
        `is too short for a ${modern} key (${body.length} characters after the prefix, expected about 156): truncated?`,
      );
    }
    if (body.length > MODERN_MAX) {
      return invalid(
        `is too long for a ${modern} key (${body.length} characters after the prefix)`,
      );
    }
    return { valid: true };
  }
  if (!key.startsWith('sk-')) {
    return invalid('does not start with a known prefix (sk-proj-, sk-svcacct-, sk-admin-, sk-)');
  }
  const body = key.slice(3);
  if (!/^[A-Za-z0-9]+$/.test(body)) {
    return invalid('is not a legacy sk- key (48 letters and digits) nor a known key family');
  }
  if (body.length !== LEGACY_LENGTH) {
    return invalid(
      `has ${body.length} characters after "sk-"; legacy keys have ${LEGACY_LENGTH}${body.length < LEGACY_LENGTH ? ': truncated?' : ''}`,
    );
  }
  return { valid: true };
}

function invalid(reason: string): ApiKeyExplanation {
  return { valid: false, reason: `API key ${reason}` };
}
