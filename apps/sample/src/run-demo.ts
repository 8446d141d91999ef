import { randomBytes } from 'node:crypto';
import { styleText } from 'node:util';
import { getOpenAIClient } from '@aiclient/client';
import type { AIClientSettings, AIClientSettingsInput } from '@aiclient/config';
import { AIError } from '@aiclient/errors';
import { getTracer, TOOLKIT_METRICS } from '@aiclient/telemetry';
import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createProgress } from './create-progress.js';
import { DEMO_SETTINGS, type DemoCall, type DemoStep, stepsFor } from './demo-scenario.js';
import { createOpenAIAsker } from './openai-asker.js';
import { type DemoReport, renderReport } from './render-report.js';
import { countDescendants, renderSpanTree } from './render-span-tree.js';
import { sendAsk } from './send-ask.js';
import type { SpanRecord } from './span-recorder.js';
import { type RunningService, startService } from './start-service.js';
import { sumMetric } from './sum-metric.js';
import { type CallResult, summarizeCalls } from './summarize-calls.js';

/**
 * Live when the environment names a key, a key pool or an endpoint (a keyless local server
 * needs only OPENAI_BASE_URL); offline against the mock otherwise. Blank values count as unset.
 */
export function demoMode(env: Readonly<Record<string, string | undefined>>): 'offline' | 'live' {
  const set = (name: string): boolean => (env[name]?.trim() ?? '') !== '';
  return set('OPENAI_API_KEY') || set('OPENAI_API_KEYS') || set('OPENAI_BASE_URL')
    ? 'live'
    : 'offline';
}

/** An endpoint for the terminal: origin and path only, so credentials in a URL never show. */
export function displayEndpoint(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    return 'the configured endpoint';
  }
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Environment: OPENAI_API_KEY or OPENAI_BASE_URL switch to live mode. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  logDir: string;
  /** Seed of the mock's random choices. @default 42 */
  seed?: number;
  /** Port of the service. @default 0 */
  port?: number;
  /** Skip the batch and only start the service (and the mock when offline). @default false */
  skipCalls?: boolean;
  /** Where the report goes. @default process.stdout */
  out?: NodeJS.WritableStream;
  /** Draw a live progress bar (otherwise a line per step). @default out is a terminal */
  interactive?: boolean;
}

/** A finished demo batch with the service still running (for `--serve`). */
export interface DemoRun {
  mode: 'offline' | 'live';
  service: RunningService;
  /** The mock server in offline mode. */
  mock: MockOpenAI | undefined;
  /** Undefined when the batch was skipped. */
  report: DemoReport | undefined;
  /** Stops the service (draining it) and the mock. */
  stop(): Promise<void>;
}

/** A key shaped like a real project key, generated per run; never printed. */
function demoKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bytes = randomBytes(156);
  return `sk-proj-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

function codeOf(err: unknown): string {
  return AIError.isInstance(err) ? err.code : 'AI-API-099';
}

interface CallRecord extends CallResult {
  model?: string;
  traceId?: string;
}

/** What direct calls need to build their own clients like the service's. */
interface DirectContext {
  env: Readonly<Record<string, string | undefined>>;
  overrides: AIClientSettingsInput;
  service: RunningService;
}

/**
 * Calls that bypass the service to show client-side failures: a client whose key the
 * server rejects, and a client created with no key at all. Each runs in its own span.
 */
async function callDirect(
  call: DemoCall,
  settings: Readonly<AIClientSettings>,
  context: DirectContext,
): Promise<Omit<CallRecord, 'step' | 'latencyMs'>> {
  return getTracer().startActiveSpan(
    `demo ${call.route}`,
    { kind: SpanKind.INTERNAL },
    async (span): Promise<Omit<CallRecord, 'step' | 'latencyMs'>> => {
      const traceId = span.spanContext().traceId;
      try {
        const { OPENAI_API_KEY: _key, OPENAI_API_KEYS: _keys, ...env } = context.env;
        const logger = context.service.logger.winston;
        // Same settings as the service's client, but a key the server does not know, or none.
        const client = await getOpenAIClient(
          call.route === 'wrong-key'
            ? { env: { ...env, OPENAI_API_KEY: demoKey() }, overrides: context.overrides, logger }
            : { env, overrides: { ...context.overrides, requireApiKey: true }, logger },
        );
        const asker = createOpenAIAsker(client, { defaultModel: settings.model });
        const answer = await asker.answer(call.body, AbortSignal.timeout(settings.timeoutMs));
        const result: Omit<CallRecord, 'step' | 'latencyMs'> = {
          ok: true,
          model: answer.model,
          traceId,
        };
        if (answer.usage !== undefined) {
          result.inputTokens = answer.usage.inputTokens;
          result.outputTokens = answer.usage.outputTokens;
        }
        return result;
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', codeOf(err));
        return { ok: false, code: codeOf(err), traceId };
      } finally {
        span.end();
      }
    },
  );
}

async function runCall(
  step: DemoStep,
  call: DemoCall,
  context: DirectContext,
): Promise<CallRecord> {
  const { service } = context;
  const started = performance.now();
  let record: Omit<CallRecord, 'step' | 'latencyMs'>;
  if (call.route === 'service') {
    const outcome = await sendAsk(service.url, call.body);
    record = { ok: outcome.ok };
    if (outcome.code !== undefined) record.code = outcome.code;
    if (outcome.model !== undefined) record.model = outcome.model;
    if (outcome.traceId !== undefined) record.traceId = outcome.traceId;
    if (outcome.usage !== undefined) {
      record.inputTokens = outcome.usage.inputTokens;
      record.outputTokens = outcome.usage.outputTokens;
    }
  } else if (service.settings === undefined) {
    record = { ok: false, code: 'AI-CONFIG-001' };
  } else {
    record = await callDirect(call, service.settings, context);
  }
  return { ...record, step: step.name, latencyMs: performance.now() - started };
}

/** The root span of a trace: the one whose parent is not in the trace. */
function rootOf(spans: readonly SpanRecord[], traceId: string): SpanRecord | undefined {
  const inTrace = spans.filter((span) => span.traceId === traceId);
  const ids = new Set(inTrace.map((span) => span.spanId));
  return inTrace.find((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId));
}

/** Picks the call whose trace shows the most work (retries), preferring the 429 burst. */
function pickTrace(
  results: readonly CallRecord[],
  spans: readonly SpanRecord[],
): DemoReport['trace'] {
  let best: { step: string; root: SpanRecord; size: number; preferred: boolean } | undefined;
  for (const result of results) {
    if (result.traceId === undefined) continue;
    const root = rootOf(spans, result.traceId);
    if (root === undefined) continue;
    const size = countDescendants(spans, root.spanId);
    const preferred = result.step === '429 burst' && result.ok;
    const better =
      best === undefined ||
      (preferred && !best.preferred) ||
      (preferred === best.preferred && size > best.size);
    if (better) best = { step: result.step, root, size, preferred };
  }
  if (best === undefined) return undefined;
  return { step: best.step, tree: renderSpanTree(spans, best.root.spanId) };
}

/**
 * The `npm start` demo. Offline (no OPENAI_API_KEY): starts the testkit's mock with a
 * generated key, the service against it, and runs every step of the scenario with its
 * faults. Live: runs the normal steps against the configured endpoint. Prints a summary.
 */
export async function runDemo({
  env = process.env,
  logDir,
  seed = 42,
  port = 0,
  skipCalls = false,
  out = process.stdout,
  interactive,
}: DemoOptions): Promise<DemoRun> {
  const bold = (text: string): string =>
    styleText('bold', text, { stream: out as NodeJS.WriteStream, validateStream: true });
  const write = (text: string): void => void out.write(`${text}\n`);
  const mode = demoMode(env);

  let mock: MockOpenAI | undefined;
  let serviceEnv = env;
  if (mode === 'offline') {
    const key = demoKey();
    mock = await startMockOpenAI({ keys: [key], seed, validateRequests: false });
    // Only the generated key: nothing from the shell's OPENAI_* reaches the mock.
    const {
      OPENAI_API_KEYS: _pool,
      OPENAI_ORG_ID: _org,
      OPENAI_PROJECT_ID: _project,
      ...rest
    } = env;
    serviceEnv = { ...rest, OPENAI_API_KEY: key, OPENAI_BASE_URL: mock.url };
  }
  const overrides: AIClientSettingsInput =
    mode === 'offline'
      ? { ...DEMO_SETTINGS, fallbackModels: [...DEMO_SETTINGS.fallbackModels] }
      : { cacheEnabled: true };
  const service = await startService({
    env: serviceEnv,
    overrides,
    port,
    logDir,
    // The scripted faults make the client log errors on purpose; they go to the log file
    // only, so the terminal keeps the progress and the summary. Serving turns warnings back on.
    consoleLevel: 'silent',
  });
  const stop = async (): Promise<void> => {
    await service.shutdown();
    await mock?.close();
  };

  write(bold('aiclient sample'));
  write(
    mode === 'offline'
      ? `  offline demo: a local mock OpenAI server (${mock?.url}) with scripted faults, seed ${seed}`
      : `  live: calls go to ${displayEndpoint(service.settings?.baseURL ?? env.OPENAI_BASE_URL ?? '')}`,
  );
  write(`  service ${service.url}  (POST /v1/ask, GET /healthz, /readyz, /metrics)`);
  if (service.configProblem !== undefined) {
    write('');
    write(bold('Configuration problem'));
    // One issue a line: each names the setting and its environment variable.
    for (const issue of service.configProblem.split('; ')) write(`  ${issue}`);
    write('  Fix the settings above (see the README, section "Run the sample") and run again.');
  }
  if (skipCalls || service.configProblem !== undefined) {
    return { mode, service, mock, report: undefined, stop };
  }

  const steps = stepsFor(mode);
  const total = steps.reduce((sum, step) => sum + step.calls.length, 0);
  write('');
  write(bold(`Running ${total} calls`));
  const progress = createProgress(
    total,
    interactive === undefined ? { stream: out } : { stream: out, interactive },
  );
  const results: CallRecord[] = [];
  for (const step of steps) {
    progress.step(step.name, step.explains, step.calls.length);
    mock?.setFaults(step.faults);
    const run = async (call: DemoCall): Promise<CallRecord> => {
      const result = await runCall(step, call, { env: serviceEnv, overrides, service });
      progress.tick();
      return result;
    };
    if (step.concurrent) results.push(...(await Promise.all(step.calls.map(run))));
    else for (const call of step.calls) results.push(await run(call));
    mock?.clearFaults();
  }
  progress.stop();

  const usage = service.usage.snapshot().total;
  const metrics = await service.telemetry.collectMetrics();
  const trace = pickTrace(results, service.telemetry.recorder.spans());
  const report: DemoReport = {
    mode,
    results,
    summary: {
      ...summarizeCalls(results),
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
    },
    retries: sumMetric(metrics, TOOLKIT_METRICS.retries.name),
    fallbacks: sumMetric(metrics, TOOLKIT_METRICS.fallbacks.name),
    cacheHits: sumMetric(metrics, TOOLKIT_METRICS.cacheHits.name),
    // The client's own usage record: what was billed (cache hits cost nothing).
    estimatedCostUsd: usage.estimatedCostUsd,
    logFile: service.logFile,
    telemetryFile: service.telemetryFile,
    elapsedSeconds: performance.now() / 1000,
    ...(trace === undefined ? {} : { trace }),
  };
  write('');
  write(renderReport(report, bold));
  return { mode, service, mock, report, stop };
}
