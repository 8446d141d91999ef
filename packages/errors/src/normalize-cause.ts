/**
 * Turns any thrown value into an `Error` so `cause` is always inspectable: errors pass through,
 * strings become the message, error-like objects keep their `name` and `message`, anything
 * else is described. `undefined` and `null` mean "no cause".
 */
export function normalizeCause(value: unknown): Error | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  if (typeof value === 'object') {
    const { message, name } = value as { message?: unknown; name?: unknown };
    if (typeof message === 'string') {
      const error = new Error(message, { cause: value });
      if (typeof name === 'string' && name !== '') error.name = name;
      return error;
    }
    return new Error(`Non-error thrown: ${describe(value)}`, { cause: value });
  }
  return new Error(`Non-error thrown: ${describe(value)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    const json = JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'bigint' ? `${item}n` : item,
    );
    return json === undefined ? Object.prototype.toString.call(value) : json.slice(0, 200);
  } catch {
    // Cyclic or hostile objects: the tag is still better than nothing.
    return Object.prototype.toString.call(value);
  }
}
