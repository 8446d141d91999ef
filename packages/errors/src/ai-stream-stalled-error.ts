import { AIError, type AIErrorSubclassOptions, withDefaults } from './ai-error';

/** Which stream deadline fired. */
export type StreamStallPhase = 'first_chunk' | 'idle' | 'total';

/** Options of {@link AIStreamStalledError}. */
export type AIStreamStalledErrorOptions = AIErrorSubclassOptions & {
  /** Text received before the stall. */
  partialText?: string;
  /** Token usage received before the stall, when the stream reported any. */
  usage?: { inputTokens?: number; outputTokens?: number };
  phase: StreamStallPhase;
};

/**
 * A stream produced no chunk in time (`AI-API-012`). Retryable only before the first chunk:
 * once output reached the caller, a retry would duplicate it.
 */
export class AIStreamStalledError extends AIError {
  static override readonly kind: string = 'AIStreamStalledError';

  readonly partialText: string;
  declare readonly usage?: { inputTokens?: number; outputTokens?: number };
  readonly phase: StreamStallPhase;

  constructor(options: AIStreamStalledErrorOptions) {
    const { partialText = '', usage, phase, ...rest } = options;
    super(
      withDefaults({ ...rest, retryable: rest.retryable ?? phase === 'first_chunk' }, 'AI-API-012'),
    );
    this.partialText = partialText;
    if (usage !== undefined) this.usage = usage;
    this.phase = phase;
  }
}
