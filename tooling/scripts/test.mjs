#!/usr/bin/env node
// `npm test`: install, layering check, lint, then build, typecheck, tests and package checks
// of every package through turbo (cached), then smoke tests of the packed packages.
// Always ends with one plain line "N passed, N failed" totalling every package's tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, step } from './lib.mjs';

const started = Date.now();
const failures = [];
const run = (title, cmd, args, options) => {
  if (!step(title, cmd, args, options)) failures.push(title);
  return failures.length === 0;
};

const lockfile = existsSync(join(root, 'pnpm-lock.yaml'));
const installed = run('install (pnpm)', 'pnpm', [
  'install',
  lockfile ? '--frozen-lockfile' : '--no-frozen-lockfile',
  '--prefer-offline',
]);
if (installed) {
  for (const top of ['packages', 'apps', 'suites']) {
    if (!existsSync(join(root, top))) continue;
    for (const d of readdirSync(join(root, top)))
      rmSync(join(root, top, d, '.test-results.json'), { force: true });
  }
  rmSync(join(root, 'tooling', '.test-results.json'), { force: true });
  run('layer check', 'node', ['tooling/src/check-layers-cli.ts']) &&
    run('lint + format (biome)', 'pnpm', ['exec', 'biome', 'ci', '--colors=off', '.']) &&
    run('build, typecheck, test, package checks (turbo)', 'pnpm', [
      'exec',
      'turbo',
      'run',
      'build',
      'typecheck',
      'test',
      'check:package',
      '--concurrency=2',
      '--output-logs=new-only',
      '--continue',
    ]) &&
    run('ESM import + CJS require of every packed package', 'node', [
      'tooling/scripts/smoke-packages.mjs',
    ]);
}

console.log(`\nnpm test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failures.length > 0) console.log(`failed steps: ${failures.join('; ')}`);
spawnSync('node', ['tooling/scripts/test-summary.mjs', '--verbose'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(failures.length > 0 ? 1 : 0);
