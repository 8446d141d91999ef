// Acceptance: importing the root entry starts nothing. Checked in a fresh Node process against
// the built package (run `build` first), so no test framework state can hide a side effect.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

function runNode(source: string, type: 'module' | 'commonjs') {
  const result = spawnSync(process.execPath, [`--input-type=${type}`, '-e', source], {
    encoding: 'utf8',
    timeout: 15_000,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

const probe = (load: string) => `
const api = ${load.replace('ENTRY', '@opentelemetry/api')};
const before = process.getActiveResourcesInfo().slice().sort();
const telemetry = ${load.replace('ENTRY', 'TELEMETRY')};
const after = process.getActiveResourcesInfo().slice().sort();
const provider = api.trace.getTracerProvider();
const span = api.trace.getTracer('probe').startSpan('probe');
console.log(JSON.stringify({
  exports: Object.keys(telemetry).length,
  before, after,
  tracerProvider: provider.constructor.name,
  delegate: provider.getDelegate().constructor.name,
  recording: span.isRecording(),
  meterProvider: api.metrics.getMeterProvider().constructor.name,
  contextManager: api.context._getContextManager().constructor.name,
}));
`;

describe('importing the root entry', () => {
  it.each([
    ['ESM', 'module' as const, `await import('ENTRY')`, 'index.js'],
    ['CJS', 'commonjs' as const, `require('ENTRY')`, 'index.cjs'],
  ])('%s: registers no provider and opens no handle or timer', (_name, type, load, file) => {
    const entry = `${dist}${file}`;
    expect(existsSync(entry), `${entry} is missing: build the package first`).toBe(true);
    const target = type === 'module' ? pathToFileURL(entry).href : entry;
    const source = probe(load).replace('TELEMETRY', target.replaceAll('\\', '\\\\'));
    const result = runNode(type === 'module' ? source : `(async () => {${source}})()`, type);
    expect(result.exports).toBeGreaterThan(10);
    expect(result.after).toEqual(result.before);
    expect(result.tracerProvider).toBe('ProxyTracerProvider');
    expect(result.delegate).toBe('NoopTracerProvider');
    expect(result.recording).toBe(false);
    expect(result.meterProvider).toBe('NoopMeterProvider');
    expect(result.contextManager).toBe('NoopContextManager');
  });
});
