import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsumer } from '../release/check-consumer.ts';
import { createConsumerTypechecker } from '../release/create-consumer-typechecker.ts';
import { findNodeTypeRoots } from '../release/find-node-type-roots.ts';
import { runCommand } from '../release/run-command.ts';

// A tiny dual ESM/CJS package packed to a tarball, installed offline from it: the consumer-side
// half of the release check, without a registry.
let work: string;
const typecheck = createConsumerTypechecker(findNodeTypeRoots());

function fixturePackage(name: string, importTarget: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: '1.0.0',
      type: 'module',
      exports: {
        './package.json': './package.json',
        '.': {
          import: { types: './dist/index.d.ts', default: importTarget },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
      },
      files: ['dist'],
    }),
  );
  writeFileSync(join(dir, 'dist', 'index.js'), 'export function double(n) { return n * 2; }\n');
  writeFileSync(join(dir, 'dist', 'index.cjs'), 'exports.double = (n) => n * 2;\n');
  const types = 'export declare function double(n: number): number;\n';
  writeFileSync(join(dir, 'dist', 'index.d.ts'), types);
  writeFileSync(join(dir, 'dist', 'index.d.cts'), types);
  return dir;
}

async function pack(dir: string): Promise<string> {
  const out = join(work, 'tarballs');
  mkdirSync(out, { recursive: true });
  const before = new Set(readdirSync(out));
  const r = await runCommand('npm', ['pack', '--pack-destination', out, '--loglevel=error'], {
    cwd: dir,
    env: { ...process.env, npm_config_cache: join(work, 'npm-cache') },
    timeoutMs: 20_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const tarball = readdirSync(out).find((f) => !before.has(f));
  if (tarball === undefined) throw new Error('npm pack wrote no tarball');
  return join(out, tarball);
}

function check(name: string, tarball: string) {
  return checkConsumer({
    packageName: name,
    installSpec: tarball,
    manager: 'npm',
    dir: join(work, `consumer-${name}`),
    npmCacheDir: join(work, 'npm-cache'),
    pnpmStoreDir: join(work, 'pnpm-store'),
    typecheck,
    probe: {
      exportName: 'double',
      call: 'if (fn(21) !== 42) throw new Error("bad");',
      description: 'double(21)',
    },
    offline: true,
    stepTimeoutMs: 20_000,
  });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'release-consumer-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('checkConsumer', () => {
  it('passes a package whose exports all exist', async () => {
    const tarball = await pack(fixturePackage('release-fixture-ok', './dist/index.js'));
    const report = await check('release-fixture-ok', tarball);
    expect(report.steps.filter((s) => !s.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        "import('release-fixture-ok')",
        "require('release-fixture-ok')",
        'calls double (ESM)',
        'calls double (CJS)',
        'tsc (moduleResolution node16)',
        'tsc (moduleResolution bundler)',
      ]),
    );
    expect(report.footprint?.packages).toEqual(['release-fixture-ok']);
  }, 60_000);

  it('fails when the exports map points to a missing file', async () => {
    const tarball = await pack(fixturePackage('release-fixture-broken', './dist/missing.js'));
    const report = await check('release-fixture-broken', tarball);
    expect(report.ok).toBe(false);
    const esm = report.steps.find((s) => s.name === "import('release-fixture-broken')");
    expect(esm?.ok).toBe(false);
    expect(esm?.detail).toMatch(/missing\.js/);
    // The CJS side of the same package is intact, so the failure is pinned to the broken entry.
    expect(report.steps.find((s) => s.name === "require('release-fixture-broken')")?.ok).toBe(true);
  }, 60_000);
});
