/**
 * Safe-to-log form of a key: `sk-...abcd` (last four characters only). Short keys, where four
 * characters would be a large share of the secret, become `***`.
 */
export function maskApiKey(key: string): string {
  if (key.length < 16) return '***';
  const tail = key.slice(-4);
  return key.startsWith('sk-') ? `sk-...${tail}` : `...${tail}`;
}
