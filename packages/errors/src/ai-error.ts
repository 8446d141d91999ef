import { ERROR_CODES, type ErrorCode } from './error-codes';
import type { AttemptRecord, ErrorContext } from './error-context';
import { normalizeCause } from './normalize-cause';
import { redactSecrets } from './redact-secrets';
import { type SerializedError, serializeError } from './serialize-error';

/** Marker shared by every copy of this package, so `isInstance` survives duplicate installs. */
const AI_ERROR_MARKER = Symbol.for('aiclient.error');
/** Class names along an instance's prototype chain, for subclass checks across copies. */
const AI_ERROR_KINDS = Symbol.for('aiclient.error.kinds');

/** Options every aiclient error takes. */
export interface AIErrorOptions {
  message: string;
  code: ErrorCode;
  /** Missing fields default: `source` 'unknown', severity from the registry, now, a new UUID. */
  context?: Partial<ErrorContext>;
  /** Any thrown value; normalized to an `Error`. */
  cause?: unknown;
  /** Overrides the registry's default for `code`. */
  retryable?: boolean;
}

/** Options of a subclass that has a default code. */
export type AIErrorSubclassOptions = Omit<AIErrorOptions, 'code'> & { code?: ErrorCode };

/**
 * Root of every aiclient error: a stable `name`, a `code` from {@link ERROR_CODES}, a
 * `context`, a normalized `cause`, and `retryable` for callers to decide on.
 * The message is redacted of secrets at construction.
 */
export class AIError extends Error {
  /** Stable class name, kept across bundling and minification. */
  static readonly kind: string = 'AIError';

  readonly code: ErrorCode;
  readonly context: ErrorContext;
  readonly retryable: boolean;

  constructor(options: AIErrorOptions) {
    const cause = normalizeCause(options.cause);
    super(redactSecrets(options.message), cause === undefined ? undefined : { cause });
    const ctor = new.target as unknown as { kind?: string };
    this.name = ctor.kind ?? 'AIError';
    this.code = options.code;
    const info = ERROR_CODES[options.code];
    const given = options.context ?? {};
    const context: ErrorContext = {
      ...given,
      source: given.source ?? 'unknown',
      severity: given.severity ?? info.severity,
      timestamp: given.timestamp ?? new Date(),
      errorId: given.errorId ?? globalThis.crypto.randomUUID(),
    };
    this.context = context;
    this.retryable = options.retryable ?? info.retryable;
    Object.defineProperty(this, AI_ERROR_MARKER, { value: true });
    Object.defineProperty(this, AI_ERROR_KINDS, { value: collectKinds(new.target) });
  }

  /** HTTP status of the response that caused this error, when there was one. */
  get status(): number | undefined {
    return this.context.status;
  }

  /** Provider request id (`x-request-id`), when known. */
  get requestId(): string | undefined {
    return this.context.requestId;
  }

  /** Attempts made before this error was raised (empty when not recorded). */
  get attempts(): readonly AttemptRecord[] {
    return this.context.attempts ?? [];
  }

  /**
   * True when `value` is an instance of this class, including instances created by another
   * installed copy of the package (matched by a `Symbol.for` marker and the class name).
   */
  static isInstance<T extends AIError>(
    this: abstract new (
      ...args: never[]
    ) => T,
    value: unknown,
  ): value is T {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[AI_ERROR_MARKER] !== true) return false;
    // `this` is the class the method was called on (AIRateLimitError.isInstance), on purpose.
    // biome-ignore lint/complexity/noThisInStatic: subclass dispatch needs the receiver
    const kind = (this as unknown as { kind: string }).kind;
    if (kind === AIError.kind) return true;
    const kinds = (value as Record<symbol, unknown>)[AI_ERROR_KINDS];
    return Array.isArray(kinds) && kinds.includes(kind);
  }

  /** JSON form without the stack; secrets redacted. */
  toJSON(): SerializedError {
    return serializeError(this);
  }
}

function collectKinds(target: Function): string[] {
  const kinds: string[] = [];
  let current: unknown = target;
  while (typeof current === 'function' && current !== Function.prototype) {
    const kind = (current as { kind?: unknown }).kind;
    if (typeof kind === 'string' && Object.hasOwn(current, 'kind') && !kinds.includes(kind)) {
      kinds.push(kind);
    }
    current = Object.getPrototypeOf(current);
  }
  return kinds;
}

/** Fills a subclass's default code and, where the class implies one, its HTTP status. */
export function withDefaults(
  options: AIErrorSubclassOptions,
  code: ErrorCode,
  status?: number,
): AIErrorOptions {
  const resolved: AIErrorOptions = { ...options, code: options.code ?? code };
  if (status !== undefined && options.context?.status === undefined) {
    resolved.context = { ...options.context, status };
  }
  return resolved;
}
