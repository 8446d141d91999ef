import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMOKE_PROFILE } from './bench-profile.ts';
import type { BenchResults } from './bench-results.ts';
import { BASELINE } from './contender-registry.ts';

// The smoke mode proves the suite works end to end (server process, a worker per contender,
// side-by-side, memory, components, cold imports, JSON + markdown output). It asserts that every
// figure was produced, never how large it is: timings are the full run's business.
const cli = fileURLToPath(new URL('./run-bench-cli.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'aiclient-bench-smoke-'));
let results: BenchResults;
let markdown: string;
let stdout: string;

beforeAll(() => {
  const run = spawnSync(process.execPath, [cli, '--smoke', '--out', outDir], {
    encoding: 'utf8',
    timeout: 170_000,
  });
  if (run.status !== 0) throw new Error(`smoke run failed (${run.status}): ${run.stderr}`);
  stdout = run.stdout;
  results = JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8')) as BenchResults;
  markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Contenders that need only the testkit, not the aiclient packages under construction. */
const THIRD_PARTY = ['raw-fetch', 'openai', 'openai-v6', 'vercel-ai', 'langchain'];

describe('pnpm bench --smoke', () => {
  it('records the mode, the machine and the command', () => {
    expect(results.meta.mode).toBe('smoke');
    expect(results.meta.machine.nproc).toBeGreaterThanOrEqual(1);
    expect(results.meta.machine.node).toBe(process.version);
    expect(results.meta.command).toContain('bench');
  });

  it('measures every third-party contender in every scenario and concurrency', () => {
    for (const contender of THIRD_PARTY) {
      const rows = results.calls.filter((r) => r.contender === contender);
      expect(rows.map((r) => `${r.scenario}/${r.concurrency}`).sort(), contender).toEqual(
        SMOKE_PROFILE.phases.map((p) => `${p.scenario}/${p.concurrency}`).sort(),
      );
      for (const row of rows) {
        expect(row.cpuUs, `${contender} ${row.scenario}`).toBeGreaterThan(0);
        expect(row.wallUs, `${contender} ${row.scenario}`).toBeGreaterThan(0);
        expect(Number.isFinite(row.cpuRatio)).toBe(true);
      }
    }
    for (const row of results.calls.filter((r) => r.contender === BASELINE)) {
      expect(row.cpuRatio).toBe(1);
    }
  });

  it('gives every aiclient contender rows, or a failure with its reason', () => {
    for (const contender of ['aiclient-off', 'aiclient-telemetry', 'aiclient-full']) {
      const rows = results.calls.filter((r) => r.contender === contender);
      const failure = results.failures.find((f) => f.contender === contender);
      expect(rows.length > 0 || (failure?.error.length ?? 0) > 0, contender).toBe(true);
    }
  });

  it('measures the testkit throughput, cold imports and the openai 6/7 side-by-side', () => {
    expect(results.serverThroughput).toMatchObject({ requests: SMOKE_PROFILE.serverLoadRequests });
    const openaiImport = results.imports.find((i) => i.module === 'openai');
    expect(openaiImport && 'ms' in openaiImport ? openaiImport.ms : Number.NaN).toBeGreaterThan(0);
    expect(Array.isArray(results.sideBySide)).toBe(true);
    expect(results.sideBySide).toHaveLength(4);
  });

  it('accounts for every component, memory and target row (measured or not run, with a reason)', () => {
    // Cache: the hit path and the end-to-end hit in memory; Redis is skipped in smoke mode.
    expect(results.cacheHit.map((r) => r.store)).toEqual(['memory', 'memory', 'redis']);
    expect(results.rateLimit.map((r) => r.store)).toEqual(['memory', 'redis']);
    for (const row of [...results.cacheHit, ...results.rateLimit, ...results.memory]) {
      if ('notRun' in row) expect(row.notRun).not.toBe('');
      else expect(Object.keys(row).length).toBeGreaterThan(2);
    }
    expect(results.targets.length).toBeGreaterThanOrEqual(10);
  });

  it('writes the markdown tables and prints them', () => {
    expect(markdown).toContain('### Plain chat call');
    expect(markdown).toContain('### Targets');
    expect(stdout).toContain(`results written to ${outDir}`);
  });
});
