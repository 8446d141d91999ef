import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getOpenAIClient } from '@aiclient/client';
import {
  type AIClientSettings,
  type AIClientSettingsInput,
  getClientConfig,
  type KeyVerification,
  loadConfig,
  verifyApiKey,
} from '@aiclient/config';
import { AIConfigError, AIError, redactSecrets, redactValue } from '@aiclient/errors';
import { getTracer, UsageTracker } from '@aiclient/telemetry';
import type OpenAI from 'openai';
import { createReadinessCheck } from './check-readiness.js';
import { createApp } from './create-app.js';
import {
  type ConsoleLevel,
  createSampleLogger,
  type SampleLogger,
} from './create-sample-logger.js';
import { type Asker, createOpenAIAsker } from './openai-asker.js';
import { type AppTelemetry, startAppTelemetry } from './start-app-telemetry.js';
import { type HttpServer, startHttpServer } from './start-http-server.js';
import { traceRequests } from './trace-requests.js';

/** Options of {@link startService}. */
export interface ServiceOptions {
  /** Environment the configuration is read from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Settings applied over the environment (the demo shortens timeouts). */
  overrides?: AIClientSettingsInput;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  hostname?: string;
  /** Folder of `sample.log` and `telemetry.json`. */
  logDir: string;
  /**
   * Lowest level also printed to stderr. The demo uses 'error': its scripted faults would
   * otherwise print a warning per retry between the progress bar and the summary.
   * @default 'warn'
   */
  consoleLevel?: ConsoleLevel;
  /**
   * How long shutdown waits for in-flight requests before cutting them.
   * @default 10000
   */
  drainMs?: number;
}

/** A started service and the parts the demo reuses. */
export interface RunningService {
  readonly url: string;
  /** Undefined when the configuration is invalid (then /readyz says why and /v1/ask fails). */
  readonly settings: Readonly<AIClientSettings> | undefined;
  /** Why the configuration or the client could not be set up (`CODE: issues`), if so. */
  readonly configProblem: string | undefined;
  readonly client: OpenAI | undefined;
  /** Tokens, errors and estimated cost of every call the service's client made. */
  readonly usage: UsageTracker;
  readonly telemetry: AppTelemetry;
  readonly logger: SampleLogger;
  readonly server: HttpServer;
  readonly logFile: string;
  readonly telemetryFile: string;
  /** Drains in-flight requests, flushes telemetry, writes the telemetry file. Idempotent. */
  shutdown(): Promise<void>;
}

function describeProblem(err: unknown): string {
  if (AIConfigError.isInstance(err)) {
    const issues = (err as AIConfigError).issues.map(
      (issue) =>
        `${issue.path}${issue.envVar === undefined ? '' : ` (${issue.envVar})`}: ${issue.message}`,
    );
    return `${err.code}: ${issues.join('; ')}`;
  }
  if (AIError.isInstance(err)) return `${err.code}: ${err.message}`;
  return redactSecrets(err instanceof Error ? err.message : String(err));
}

/** An asker for a service that could not build its client: every call fails with the reason. */
function failingAsker(err: unknown): Asker {
  const fail = (): never => {
    throw err;
  };
  return {
    answer: async () => fail(),
    // biome-ignore lint/correctness/useYield: fails before yielding, on purpose
    stream: async function* () {
      fail();
    },
  };
}

/** Verification of the configured key for /readyz; none without a (valid) configuration. */
function keyVerifier(
  settings: Readonly<AIClientSettings> | undefined,
  configProblem: string | undefined,
): (() => Promise<KeyVerification>) | undefined {
  // The first key of the pool is the one calls start with.
  const apiKey = settings?.apiKey ?? settings?.apiKeys[0];
  if (settings === undefined || apiKey === undefined || configProblem !== undefined) {
    return undefined;
  }
  return () => verifyApiKey(apiKey, { baseURL: settings.baseURL, timeoutMs: 5_000 });
}

/**
 * The composition root: load config, start telemetry, create the logger and the client,
 * listen. An invalid configuration does not stop the service: /healthz answers, /readyz
 * explains, /v1/ask returns the configuration error, so a deployment shows what is wrong.
 */
export async function startService({
  env = process.env,
  overrides = {},
  port = 0,
  hostname = '127.0.0.1',
  logDir,
  consoleLevel = 'warn',
  drainMs = 10_000,
}: ServiceOptions): Promise<RunningService> {
  let settings: Readonly<AIClientSettings> | undefined;
  let problem: unknown;
  try {
    settings = loadConfig({ env, overrides });
  } catch (err) {
    problem = err;
  }

  const telemetry = startAppTelemetry({
    serviceName: settings?.serviceName ?? 'aiclient-sample',
    enabled: settings?.telemetryEnabled ?? true,
  });
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'sample.log');
  const telemetryFile = join(logDir, 'telemetry.json');
  const logger = createSampleLogger({
    file: logFile,
    level: settings?.logLevel ?? 'info',
    consoleLevel,
    serviceName: settings?.serviceName ?? 'aiclient-sample',
  });

  const usage = new UsageTracker();
  let client: OpenAI | undefined;
  if (settings !== undefined) {
    try {
      // The shared client with every resilience stage the settings ask for (cache, fallbacks,
      // breakers, limits, key pool); it reads the same env and overrides as above.
      client = await getOpenAIClient({
        env,
        overrides,
        logger: logger.winston,
        usageTracker: usage,
      });
      logger.info('client created', { config: getClientConfig(settings) });
    } catch (err) {
      problem = err;
    }
  }
  const configProblem = problem === undefined ? undefined : describeProblem(problem);
  if (configProblem !== undefined) logger.warn('configuration problem', { problem: configProblem });

  let draining = false;
  const verifyKey = keyVerifier(settings, configProblem);
  const readiness = createReadinessCheck({
    ...(configProblem === undefined ? {} : { configProblem }),
    ...(verifyKey === undefined ? {} : { verifyKey }),
    keyOptional: settings?.requireApiKey === false,
    isDraining: () => draining,
  });
  const asker =
    client !== undefined && settings !== undefined
      ? createOpenAIAsker(client, { defaultModel: settings.model })
      : failingAsker(problem);
  const app = createApp({
    asker,
    readiness,
    metrics: () => telemetry.metricsText(),
    logger,
    apiMiddleware: [traceRequests(getTracer())],
  });
  let server: HttpServer;
  try {
    server = await startHttpServer(app, { port, hostname });
  } catch (err) {
    // A taken port: leave nothing running behind the error.
    logger.error('listen failed', { port, hostname });
    await telemetry.shutdown();
    await logger.close();
    throw err;
  }
  logger.info('listening', { url: server.url });

  let stopped: Promise<void> | undefined;
  return {
    url: server.url,
    settings,
    configProblem,
    client,
    usage,
    telemetry,
    logger,
    server,
    logFile,
    telemetryFile,
    shutdown() {
      stopped ??= (async () => {
        draining = true;
        const cut = await server.close(drainMs);
        logger.info('drained', { cutRequests: cut });
        const metrics = await telemetry.metricsText().catch(() => '');
        const spans = telemetry.recorder.spans();
        // Redacted again on the way out: the file is the "exported telemetry" of the sample.
        const file = redactValue({ spans, metrics: redactSecrets(metrics) });
        writeFileSync(telemetryFile, `${JSON.stringify(file, null, 2)}\n`);
        await telemetry.shutdown();
        await logger.close();
      })();
      return stopped;
    },
  };
}
