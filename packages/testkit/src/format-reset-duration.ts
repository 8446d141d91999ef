/**
 * Formats milliseconds the way OpenAI's `x-ratelimit-reset-*` headers do (Go duration strings):
 * `"20ms"`, `"1s"`, `"8.64s"`, `"6m0s"`, `"1h2m3s"`.
 */
export function formatResetDuration(ms: number): string {
  const total = Math.max(0, ms);
  if (total < 1000) return `${Math.round(total)}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.round(((total % 60_000) / 1000) * 1000) / 1000;
  const secondsText = `${seconds}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}
