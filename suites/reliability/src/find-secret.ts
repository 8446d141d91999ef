import { inspect } from 'node:util';

/** Where a secret was found: the place's name and a short excerpt around it, secret masked. */
export interface SecretFinding {
  readonly place: string;
  readonly excerpt: string;
}

/** Shortest run of the secret's characters that counts as a (partial) leak. */
export const MIN_LEAK_LENGTH = 12;

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  // inspect walks causes, Maps, Sets, getters' values, symbols and non-enumerable error fields
  // that JSON.stringify would skip; JSON adds what toJSON() chooses to expose.
  let json = '';
  try {
    json = JSON.stringify(value) ?? '';
  } catch {
    json = '';
  }
  return `${inspect(value, { depth: 12, showHidden: true, getters: true, maxStringLength: null, maxArrayLength: null, breakLength: Number.POSITIVE_INFINITY })}\n${json}`;
}

function leakIndex(text: string, secret: string): number {
  const whole = text.indexOf(secret);
  if (whole !== -1) return whole;
  // A partial copy (a truncated or sliced key) is a leak too: look for any long enough window.
  for (let start = 0; start + MIN_LEAK_LENGTH <= secret.length; start += 4) {
    const index = text.indexOf(secret.slice(start, start + MIN_LEAK_LENGTH));
    if (index !== -1) return index;
  }
  return -1;
}

/**
 * Looks for `secret` (or any 12-character window of it) in every named place: strings, errors
 * with their cause chains, log records, span and metric dumps. Returns one finding per place
 * that holds it; an empty array means no leak.
 */
export function findSecret(
  places: Readonly<Record<string, unknown>>,
  secret: string,
): SecretFinding[] {
  if (secret.length < MIN_LEAK_LENGTH) throw new Error('secret too short to search for');
  const findings: SecretFinding[] = [];
  for (const [place, value] of Object.entries(places)) {
    const text = render(value);
    const index = leakIndex(text, secret);
    if (index === -1) continue;
    const excerpt = text
      .slice(Math.max(0, index - 40), index + 60)
      .replaceAll(secret, '<SECRET>')
      .replace(/[A-Za-z0-9]{12,}/g, (run) => (leakIndex(run, secret) === -1 ? run : '<SECRET>'));
    findings.push({ place, excerpt });
  }
  return findings;
}
