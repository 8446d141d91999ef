import { AIError } from '@aiclient/errors';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { AppLogger } from './app-logger.js';
import { askRequestSchema, describeIssues } from './ask-request-schema.js';
import type { ReadinessReport } from './check-readiness.js';
import { errorResponse } from './error-response.js';
import type { Asker, AskStreamEvent } from './openai-asker.js';

/** Default cap on a request body; prompts beyond this are a mistake or an attack. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** What the routes need; the composition root (start-service.ts) supplies the real ones. */
export interface AppDependencies {
  /** Answers `POST /v1/ask`. */
  asker: Asker;
  /** Computes `GET /readyz`. */
  readiness: () => Promise<ReadinessReport>;
  /** Renders `GET /metrics` in the Prometheus text format. */
  metrics: () => Promise<string>;
  /** Receives one line per request and every unexpected error. */
  logger: AppLogger;
  /**
   * Largest accepted request body in bytes (413 above it).
   * @default 65536
   */
  maxBodyBytes?: number;
  /** Run around the `/v1/*` routes, e.g. request tracing. */
  apiMiddleware?: readonly MiddlewareHandler[];
}

function sendError(c: Context, err: unknown): Response {
  const { status, body, retryAfterSeconds } = errorResponse(err);
  if (retryAfterSeconds !== undefined) c.header('Retry-After', String(retryAfterSeconds));
  return c.json(body, status as 400);
}

function badRequest(message: string, issues?: string[]): AIError {
  const details = issues === undefined ? undefined : { issues };
  return new AIError({
    code: 'AI-API-004',
    message,
    retryable: false,
    context: details === undefined ? { source: 'sample' } : { source: 'sample', details },
  });
}

/**
 * The sample HTTP service: `POST /v1/ask` (JSON, or SSE when asked), `GET /healthz`,
 * `GET /readyz`, `GET /metrics`. Every error leaves as JSON with a code and an errorId.
 */
export function createApp({
  asker,
  readiness,
  metrics,
  logger,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  apiMiddleware = [],
}: AppDependencies): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('http request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  });

  for (const middleware of apiMiddleware) app.use('/v1/*', middleware);

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const report = await readiness();
    return c.json(report, report.ready ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(await metrics());
  });

  app.post(
    '/v1/ask',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => {
        const err = badRequest(`request body exceeds the ${maxBodyBytes}-byte limit`);
        return c.json(errorResponse(err).body, 413);
      },
    }),
    async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        return sendError(c, badRequest('request body is not valid JSON'));
      }
      const parsed = askRequestSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = describeIssues(parsed.error);
        return sendError(c, badRequest(`invalid request body: ${issues.join('; ')}`, issues));
      }
      const request = parsed.data;
      const wantsStream =
        request.stream ?? (c.req.header('accept') ?? '').includes('text/event-stream');
      const signal = c.req.raw.signal;
      if (!wantsStream) {
        try {
          return c.json(await asker.answer(request, signal));
        } catch (err) {
          return sendError(c, err);
        }
      }
      // Pull the first event before committing to a 200 event stream, so that failures before
      // any output (rejected key, exhausted retries) still get their proper status code.
      const events = asker.stream(request, signal)[Symbol.asyncIterator]();
      let first: IteratorResult<AskStreamEvent>;
      try {
        first = await events.next();
      } catch (err) {
        return sendError(c, err);
      }
      return streamSSE(c, async (sse) => {
        let next = first;
        try {
          while (next.done !== true) {
            const { type, ...data } = next.value;
            await sse.writeSSE({ event: type, data: JSON.stringify(data) });
            next = await events.next();
          }
        } catch (err) {
          logger.warn('stream failed', { code: AIError.isInstance(err) ? err.code : undefined });
          await sse.writeSSE({ event: 'error', data: JSON.stringify(errorResponse(err).body) });
        }
      });
    },
  );

  app.notFound((c) =>
    c.json(
      errorResponse(
        new AIError({
          code: 'AI-API-003',
          message: `no route for ${c.req.method} ${c.req.path}`,
          retryable: false,
          context: { source: 'sample' },
        }),
      ).body,
      404,
    ),
  );

  app.onError((err, c) => {
    logger.error('unhandled error', { code: AIError.isInstance(err) ? err.code : 'AI-API-099' });
    return sendError(c, err);
  });

  return app;
}
