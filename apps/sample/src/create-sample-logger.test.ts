import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { createSampleLogger } from './create-sample-logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('writes redacted JSON lines to the file and only warnings to stderr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sample-logger-'));
  dirs.push(dir);
  const file = join(dir, 'sample.log');
  const key = `sk-proj-${'q7W_'.repeat(39)}`;
  const consoleStream = new PassThrough();
  let consoleText = '';
  consoleStream.on('data', (chunk: Buffer) => {
    consoleText += chunk.toString();
  });
  writeFileSync(file, '{"message":"from an earlier run"}\n');
  const logger = createSampleLogger({
    file,
    level: 'info',
    consoleLevel: 'warn',
    serviceName: 'svc',
    consoleStream,
  });
  logger.debug('hidden');
  logger.info('started', { port: 1 });
  logger.warn(`retrying with ${key}`, { apiKey: key });
  logger.setConsoleLevel('silent');
  logger.error('quiet now');
  logger.setConsoleLevel('error');
  logger.warn('below error');
  logger.error('loud again');
  await logger.close();
  const records = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(records.map((r) => r.message)).toEqual([
    'started',
    expect.stringContaining('retrying'),
    'quiet now',
    'below error',
    'loud again',
  ]);
  expect(records[0]).toMatchObject({ level: 'info', service: 'svc', port: 1 });
  expect(readFileSync(file, 'utf8') + consoleText).not.toContain(key.slice(8, 28));
  expect(consoleText).toMatch(/^warn: retrying with /);
  expect(consoleText).not.toContain('started');
  expect(consoleText).not.toContain('quiet now');
  expect(consoleText).not.toContain('below error');
  expect(consoleText).toContain('error: loud again');
});
