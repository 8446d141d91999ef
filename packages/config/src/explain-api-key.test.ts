import { describe, expect, it } from 'vitest';
import { explainApiKey } from './explain-api-key';
import { validateApiKey } from './validate-api-key';

const BODY_156 = 'Ab3_-'.repeat(31).concat('x');
const LEGACY_BODY = 'aB3dE5gH7jK9'.repeat(4);

describe('explainApiKey / validateApiKey', () => {
  it.each([
    ['modern project key', `sk-proj-${BODY_156}`],
    ['service account key', `sk-svcacct-${BODY_156}`],
    ['admin key', `sk-admin-${BODY_156}`],
    ['first-generation project key', `sk-proj-${LEGACY_BODY}`],
    ['legacy user key', `sk-${LEGACY_BODY}`],
  ])('accepts a %s', (_label, key) => {
    expect(explainApiKey(key)).toEqual({ valid: true });
    expect(validateApiKey(key)).toBe(true);
  });

  it.each([
    ['empty', '', /is empty/],
    ['trailing newline', `sk-proj-${BODY_156}\n`, /line break/],
    ['CRLF', `sk-proj-${BODY_156}\r\n`, /line break/],
    ['inner space', `sk-proj-${BODY_156.slice(0, 50)} ${BODY_156.slice(50)}`, /whitespace/],
    ['leading tab', `\tsk-${LEGACY_BODY}`, /whitespace/],
    ['double quotes', `"sk-proj-${BODY_156}"`, /quote/],
    ['single quotes', `'sk-${LEGACY_BODY}'`, /quote/],
    ['wrong prefix', `pk-proj-${BODY_156}`, /known prefix/],
    ['Anthropic-style prefix', `sk_ant-${BODY_156}`, /known prefix/],
    ['truncated project key', `sk-proj-${BODY_156.slice(0, 80)}`, /too short.*truncated/],
    ['overlong project key', `sk-proj-${BODY_156.repeat(3)}`, /too long/],
    [
      'bad characters in project key',
      `sk-proj-${BODY_156.slice(0, 150)}+/=abc`,
      /characters outside/,
    ],
    ['truncated legacy key', `sk-${LEGACY_BODY.slice(0, 40)}`, /40 characters.*truncated/],
    [
      'legacy key with dashes',
      `sk-${LEGACY_BODY.slice(0, 20)}-${LEGACY_BODY.slice(20)}`,
      /not a legacy/,
    ],
    ['bare prefix', 'sk-proj-', /characters outside|too short/],
  ])('rejects %s with a reason that does not contain the key', (_label, key, reason) => {
    const result = explainApiKey(key);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.reason).toMatch(reason);
    if (key.length > 8) expect(result.reason).not.toContain(key.trim().slice(8, 30));
    expect(validateApiKey(key)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(explainApiKey(42)).toEqual({ valid: false, reason: 'API key is not a string' });
    expect(validateApiKey(undefined as unknown as string)).toBe(false);
  });
});
