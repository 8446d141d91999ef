import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreateLoggerOptions, createLogger, type SdkLogger } from './create-logger';
import { createTestTelemetry, type TestTelemetry } from './create-test-telemetry';
import { getTracer } from './get-tracer';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

function capture(options: CreateLoggerOptions = {}, isTTY = false) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  Object.assign(stream, { isTTY });
  const logger = createLogger({ env: {}, ...options, stream });
  return {
    logger,
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

interface LoggedRecord {
  message?: string;
  apiKey?: string;
  headers?: { Authorization?: string };
  error?: { cause?: { message?: string } };
  cause?: { message?: string };
}

let telemetry: TestTelemetry;
beforeEach(() => {
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await telemetry.shutdown();
});

describe('createLogger', () => {
  it('puts the trace id and span id of the active span on a record', () => {
    const { logger, records } = capture({ format: 'json' });
    const span = getTracer().startSpan('chat gpt-4o-mini');
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    span.end();
    logger.info('outside');
    const [inside, outside] = records();
    expect(inside?.trace_id).toBe(span.spanContext().traceId);
    expect(inside?.span_id).toBe(span.spanContext().spanId);
    expect(inside?.trace_flags).toBe('01');
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('redacts a key in the message, in metadata and in an error cause', () => {
    const { logger, lines } = capture({ format: 'json' });
    const cause = new Error(`401 Incorrect API key provided: ${KEY}`);
    logger.warn(`retrying with ${KEY}`);
    logger.info('request', { headers: { Authorization: `Bearer ${KEY}` }, apiKey: KEY, note: KEY });
    logger.error('call failed', { error: new Error('upstream failed', { cause }) });
    logger.error('direct error', new Error('wrapped', { cause }));
    logger.info('interpolated %s', KEY);
    const output = lines.join('');
    expect(output).not.toContain(KEY);
    expect(output).not.toContain('abcdefghijklmnop');
    const records = lines.map((line) => JSON.parse(line) as LoggedRecord);
    expect(records[0]?.message).toContain('[REDACTED]');
    expect(records[1]?.headers?.Authorization).toBe('[REDACTED]');
    expect(records[1]?.apiKey).toBe('[REDACTED]');
    expect(records[2]?.error?.cause?.message).toContain('Incorrect API key provided');
    expect(records[2]?.error?.cause?.message).toContain('[REDACTED]');
    expect(records[3]?.cause?.message).toContain('[REDACTED]');
    expect(records[4]?.message).toBe('interpolated sk-[REDACTED]');
  });

  it('honours the level, including off', () => {
    const debug = capture({ format: 'json', level: 'debug' });
    debug.logger.debug('shown');
    expect(debug.records().map((record) => record.level)).toEqual(['debug']);
    const warn = capture({ format: 'json', level: 'warn' });
    warn.logger.info('hidden');
    warn.logger.warn('shown');
    expect(warn.records().map((record) => record.message)).toEqual(['shown']);
    const aliased = capture({ format: 'json', level: 'WARNING' });
    aliased.logger.info('hidden');
    aliased.logger.warn('shown');
    expect(aliased.records().map((record) => record.message)).toEqual(['shown']);
    const off = capture({ format: 'json', level: 'off' });
    off.logger.error('hidden');
    expect(off.lines).toEqual([]);
  });

  it('writes JSON in production and off a terminal, a readable line on a terminal', () => {
    const production = capture({ env: { NODE_ENV: 'production' } }, true);
    production.logger.info('hello', { service: 'x' });
    expect(production.records()[0]).toMatchObject({
      level: 'info',
      message: 'hello',
      service: 'x',
    });

    const piped = capture({}, false);
    piped.logger.info('piped');
    expect(piped.records()[0]?.message).toBe('piped');

    const terminal = capture({ serviceName: 'svc' }, true);
    terminal.logger.info(`hello ${KEY}`, { n: 1 });
    const [line] = terminal.lines;
    expect(() => JSON.parse(String(line))).toThrow();
    expect(line).toContain('hello sk-[REDACTED]');
    expect(line).toContain('"n":1');
    expect(line).toContain('"service":"svc"');
  });

  it('is accepted as the openai SDK logger and handles its call shape', () => {
    const { logger, records } = capture({ format: 'json', level: 'debug' });
    const sdkLogger: SdkLogger = logger;
    sdkLogger.debug('[log_123] sending request', {
      method: 'post',
      url: 'https://api.openai.com/v1/chat/completions',
      options: { headers: { authorization: `Bearer ${KEY}` } },
    });
    sdkLogger.info('info');
    sdkLogger.warn('warn');
    sdkLogger.error('error');
    const all = records();
    expect(all.map((record) => record.level)).toEqual(['debug', 'info', 'warn', 'error']);
    expect(JSON.stringify(all)).not.toContain(KEY);
  });
});
