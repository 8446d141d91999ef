import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliUsageError, DEFAULT_SERVE_PORT, HELP_TEXT, parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('defaults to a demo on a free port with the log dir from the environment', () => {
    expect(parseCliArgs([], { AICLIENT_SAMPLE_LOG_DIR: '/x/logs' })).toEqual({
      help: false,
      serve: false,
      port: 0,
      logDir: '/x/logs',
      seed: 42,
      noDemo: false,
    });
  });

  it('uses a fixed port with --serve and reads every option', () => {
    expect(parseCliArgs(['--serve']).port).toBe(DEFAULT_SERVE_PORT);
    const options = parseCliArgs([
      '--serve',
      '--no-demo',
      '--port',
      '9000',
      '--log-dir',
      'logs',
      '--seed',
      '7',
    ]);
    expect(options).toMatchObject({
      serve: true,
      noDemo: true,
      port: 9000,
      logDir: 'logs',
      seed: 7,
    });
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--no-demo'])).toMatchObject({ serve: true, port: DEFAULT_SERVE_PORT });
  });

  it('falls back to a temp folder for logs', () => {
    expect(parseCliArgs([]).logDir.endsWith(join('aiclient-sample'))).toBe(true);
  });

  it('rejects unknown options and bad numbers with a usage error', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/--port must be a non-negative integer/);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/at most 65535/);
  });

  it('documents every option in the help text', () => {
    for (const option of ['--serve', '--no-demo', '--port', '--log-dir', '--seed', '--help']) {
      expect(HELP_TEXT).toContain(option);
    }
  });
});
