import type { ContenderFactory } from './contender.ts';

/** A contender as listed in the results. */
export interface ContenderEntry {
  /** Row label in the results table. */
  readonly label: string;
  /** Loads the contender's module only when a worker measures it. */
  readonly load: () => Promise<ContenderFactory>;
}

/**
 * Every client the suite measures, in table order. `openai` is the baseline every ratio is taken
 * against, within the same round.
 */
export const CONTENDERS = {
  'raw-fetch': {
    label: 'raw fetch (floor)',
    load: async () => (await import('./contenders/raw-fetch.ts')).createRawFetchContender,
  },
  openai: {
    label: 'openai 7.57 (baseline)',
    load: async () => (await import('./contenders/openai-sdk.ts')).createOpenAISdkContender,
  },
  'openai-v6': {
    label: 'openai 6.49',
    load: async () => (await import('./contenders/openai-v6-sdk.ts')).createOpenAIV6SdkContender,
  },
  'aiclient-off': {
    label: 'aiclient, everything off',
    load: async () => (await import('./contenders/aiclient.ts')).createAiclientOffContender,
  },
  'aiclient-telemetry': {
    label: 'aiclient + telemetry + info logs',
    load: async () => (await import('./contenders/aiclient.ts')).createAiclientTelemetryContender,
  },
  'aiclient-full': {
    label: 'aiclient, full pipeline',
    load: async () => (await import('./contenders/aiclient.ts')).createAiclientFullContender,
  },
  'vercel-ai': {
    label: 'Vercel AI SDK',
    load: async () => (await import('./contenders/vercel-ai.ts')).createVercelAiContender,
  },
  langchain: {
    label: 'LangChain ChatOpenAI',
    load: async () => (await import('./contenders/langchain.ts')).createLangChainContender,
  },
} as const satisfies Record<string, ContenderEntry>;

/** Id of a measured client. */
export type ContenderId = keyof typeof CONTENDERS;

/** The contender every ratio divides by. */
export const BASELINE: ContenderId = 'openai';

/** Type guard for ids read from a command line. */
export function isContenderId(value: string): value is ContenderId {
  return Object.hasOwn(CONTENDERS, value);
}
