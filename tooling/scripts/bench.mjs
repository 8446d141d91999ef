#!/usr/bin/env node
// `pnpm bench` / `npm run bench`: installs, builds what the benchmark drives (turbo-cached), then
// runs the full suite (bench/src/run-bench-cli.ts), which writes bench/results/latest.{json,md}
// and the results block of docs/benchmarks.md. Extra arguments go to the suite (e.g. --no-docs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { must, root } from './lib.mjs';

const started = Date.now();
const lockfile = existsSync(join(root, 'pnpm-lock.yaml'));
must('install (pnpm)', 'pnpm', [
  'install',
  lockfile ? '--frozen-lockfile' : '--no-frozen-lockfile',
  '--prefer-offline',
]);
must('build the packages the benchmark drives (turbo)', 'pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  '--filter=@aiclient/bench^...',
  '--output-logs=errors-only',
]);
const r = spawnSync('node', ['bench/src/run-bench-cli.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
console.log(`\npnpm bench took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(r.status ?? 1);
