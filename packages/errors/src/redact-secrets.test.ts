import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets';

const PROJECT_KEY = `sk-proj-${'A1b2C3d4_-'.repeat(15)}xyz`;
const LEGACY_KEY = `sk-${'a1B2c3D4e5F6'.repeat(4)}`;

describe('redactSecrets', () => {
  it.each([
    ['project key', `key=${PROJECT_KEY} end`, PROJECT_KEY],
    ['legacy key', `using ${LEGACY_KEY}.`, LEGACY_KEY],
    ['key glued to text', `abc${LEGACY_KEY}def`, LEGACY_KEY],
    ['service account key', 'sk-svcacct-ABCDEFGHIJKLMNOPQRSTUV', 'ABCDEFGHIJKLMNOPQRSTUV'],
    ['bearer token', 'Authorization: Bearer abc.def-ghi~jkl', 'abc.def-ghi~jkl'],
    ['lowercase bearer', 'bearer tok_123456', 'tok_123456'],
    ['api-key header', 'api-key: 0123456789abcdef0123456789abcdef', '0123456789abcdef'],
    ['json apiKey', '{"apiKey":"hunter2hunter2"}', 'hunter2hunter2'],
    ['query string', 'https://x.test/v1?api-key=s3cr3tvalue&x=1', 's3cr3tvalue'],
    ['x-api-key header', 'X-Api-Key = opaque-token-value', 'opaque-token-value'],
    ['token after a tab', 'Bearer\tabcdef123456', 'abcdef123456'],
    ['token after a newline', 'Token\nabcdef123456', 'abcdef123456'],
  ])('masks a %s', (_label, text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'model gpt-4o-mini returned 429 after 3 attempts; see docs/errors.md';
    expect(redactSecrets(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redactSecrets(`Authorization: Bearer ${PROJECT_KEY}`);
    expect(redactSecrets(once)).toBe(once);
  });
});
