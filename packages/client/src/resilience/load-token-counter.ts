import type { PipelineLogger } from '../pipeline/stage';
import { approximateTokens, type TokenCounter } from './estimate-request-tokens';

/** The optional peer dependency that gives exact token counts. */
export const TOKENIZER_PACKAGE = 'gpt-tokenizer';

/** Imports a tokenizer module: gpt-tokenizer's shape, declared here so its types stay optional. */
export type TokenizerLoader = () => Promise<{ countTokens(text: string): number }>;

/** Options of {@link loadTokenCounter}. */
export interface LoadTokenCounterOptions {
  /** Imports the tokenizer (tests inject a failing one). @default import('gpt-tokenizer') */
  load?: TokenizerLoader;
  /** Receives the one warning when the tokenizer is missing. @default console */
  logger?: Pick<PipelineLogger, 'warn'>;
}

const importTokenizer: TokenizerLoader = () => import('gpt-tokenizer');

// One load (and at most one warning) per loader: the default loader's is shared process-wide.
const loads = new WeakMap<TokenizerLoader, Promise<TokenCounter>>();

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'is not installed';
  return `could not be loaded (${typeof code === 'string' ? code : 'load error'})`;
}

/**
 * The token counter for client-side TPM limits: gpt-tokenizer (o200k_base, about 28 MB, an
 * optional peer dependency) loaded on first use only, so importing the client stays cheap and
 * installs that set no TPM limit never need it; concurrent first calls share one load. When it
 * is not installed (or fails to load), the counter is {@link approximateTokens}, a conservative
 * estimate, and one warning names the package to install for exact counts.
 */
export function loadTokenCounter(options: LoadTokenCounterOptions = {}): Promise<TokenCounter> {
  const { load = importTokenizer, logger = console } = options;
  let loading = loads.get(load);
  if (loading === undefined) {
    loading = load().then(
      (mod): TokenCounter =>
        (text) =>
          mod.countTokens(text),
      (error: unknown): TokenCounter => {
        logger.warn(
          `aiclient: ${TOKENIZER_PACKAGE} ${reasonOf(error)}; token estimates for the TPM limit use UTF-8 bytes / 3. Install ${TOKENIZER_PACKAGE} for exact counts.`,
          { event: 'aiclient.tokenizer_missing', package: TOKENIZER_PACKAGE },
        );
        return approximateTokens;
      },
    );
    loads.set(load, loading);
  }
  return loading;
}
