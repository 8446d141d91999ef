import { createHash } from 'node:crypto';

/**
 * Short, stable, non-secret fingerprint of a key (`key_` + 8 hex of its SHA-256), to tell keys
 * apart in logs, metrics and attempt records without revealing any part of them.
 */
export function keyId(key: string): string {
  return `key_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}
