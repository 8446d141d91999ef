import { randomBytes } from 'node:crypto';

/** A fresh API key that must never be seen outside the request that carries it. */
export interface CanaryKey {
  /** The whole key, shaped like a first-generation project key so config accepts it. */
  readonly key: string;
  /** The secret part after the `sk-proj-` prefix: what a leak check looks for. */
  readonly body: string;
}

const PREFIX = 'sk-proj-';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BODY_LENGTH = 48;

/**
 * Creates a canary key: `sk-proj-` + 48 letters and digits starting with `CANARY`, random per
 * run so a leak cannot be mistaken for a fixture that was committed somewhere.
 */
export function createCanaryKey(): CanaryKey {
  const bytes = randomBytes(BODY_LENGTH);
  let body = 'CANARY';
  for (let i = body.length; i < BODY_LENGTH; i++) {
    body += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  }
  return { key: PREFIX + body, body };
}
