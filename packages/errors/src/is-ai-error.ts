const MARKER = Symbol.for('aiclient.error');

/** True when `value` is an aiclient error, even from another installed copy of this package. */
export function isAIError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && MARKER in value;
}
