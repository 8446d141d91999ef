import { AIError } from '@aiclient/errors';

/** The `error.type` value OpenTelemetry reserves for errors with no better identifier. */
export const OTHER_ERROR_TYPE = '_OTHER';

/**
 * A low-cardinality identifier for `err`, used as the `error.type` attribute: the aiclient error
 * code (`AI-API-005`) for an `AIError`, otherwise the error's name (`TypeError`, `AbortError`),
 * otherwise `_OTHER`.
 */
export function errorType(err: unknown): string {
  if (AIError.isInstance(err)) return err.code;
  if (typeof err === 'object' && err !== null) {
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
    const ctor = (err as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && ctor !== '' && ctor !== 'Object' && ctor !== 'Error') {
      return ctor;
    }
  }
  return OTHER_ERROR_TYPE;
}
