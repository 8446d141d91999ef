/**
 * 32-bit FNV-1a hash of a string. Cheap and deterministic: the mock derives its answers from
 * the request with it, so two different requests get two different answers without hashing
 * cost on the hot path.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
