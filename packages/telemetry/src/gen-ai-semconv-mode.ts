/**
 * Which GenAI convention names to emit.
 * - `latest`: only the current names (`gen_ai.provider.name`, `openai.*`).
 * - `latest_and_legacy`: the current names plus the v1.36 ones dashboards may still query
 *   (`gen_ai.system`, `gen_ai.openai.*`).
 */
export type GenAiSemconvMode = 'latest' | 'latest_and_legacy';

/** The `OTEL_SEMCONV_STABILITY_OPT_IN` token that asks for the latest GenAI conventions only. */
export const GEN_AI_LATEST_OPT_IN = 'gen_ai_latest_experimental';

/**
 * Reads `OTEL_SEMCONV_STABILITY_OPT_IN` (a comma-separated list). With `gen_ai_latest_experimental`
 * in it only the latest names are emitted, as the GenAI transition plan asks; without it the
 * legacy `gen_ai.system` / `gen_ai.openai.*` names are emitted next to the latest ones.
 */
export function genAiSemconvMode(
  env: Readonly<Record<string, string | undefined>> | undefined = defaultEnv(),
): GenAiSemconvMode {
  const optIn = env?.OTEL_SEMCONV_STABILITY_OPT_IN;
  if (optIn === undefined) return 'latest_and_legacy';
  const tokens = optIn.split(',').map((token) => token.trim().toLowerCase());
  return tokens.includes(GEN_AI_LATEST_OPT_IN) ? 'latest' : 'latest_and_legacy';
}

let processMode: GenAiSemconvMode | undefined;

/**
 * The mode of this process, read from the environment on first use (never at import) and then
 * kept: it is consulted on every request and the variable is a start-up setting.
 */
export function processGenAiSemconvMode(): GenAiSemconvMode {
  processMode ??= genAiSemconvMode();
  return processMode;
}

function defaultEnv(): Readonly<Record<string, string | undefined>> | undefined {
  return typeof process === 'undefined' ? undefined : process.env;
}
