/**
 * A cheap deterministic token estimate (about four characters a token, at least one for
 * non-empty text). Real tokenizers are not needed: tests only need stable, plausible usage.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  return Math.max(1, Math.ceil(text.length / 4));
}
