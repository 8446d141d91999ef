#!/usr/bin/env node
// `pnpm soak` / `npm run soak` (and the soak step of .ci/run): installs, builds what the
// reliability suite drives (turbo-cached), then runs suites/reliability's soak (10,000 fault-soak
// calls, leaks, abort storm, 10,000-run properties, Redis outage), bounded in time. The soak
// writes suites/reliability/.soak-results.json, which the root totals line counts; when the run
// is cut short or crashes, this script writes a failing one so the totals never miss it.
// Extra arguments go to the soak (e.g. --calls 2000 --runs 2000).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { must, root } from './lib.mjs';

/** The whole soak must end within this; the issue allows 10 minutes in CI. */
const LIMIT_MS = 9 * 60 * 1000;
const suite = join(root, 'suites', 'reliability');
const results = join(suite, '.soak-results.json');

const started = Date.now();
rmSync(results, { force: true });
const lockfile = existsSync(join(root, 'pnpm-lock.yaml'));
must('install (pnpm)', 'pnpm', [
  'install',
  lockfile ? '--frozen-lockfile' : '--no-frozen-lockfile',
  '--prefer-offline',
]);
must('build the packages the soak drives (turbo)', 'pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  '--filter=@aiclient/reliability^...',
  '--output-logs=errors-only',
]);
const remaining = Math.max(60_000, LIMIT_MS - (Date.now() - started));
const r = spawnSync(
  'node',
  ['--expose-gc', 'src/soak-cli.ts', '--out', '.soak-results.json', ...process.argv.slice(2)],
  { cwd: suite, stdio: 'inherit', timeout: remaining, killSignal: 'SIGKILL' },
);
const cutShort = r.error !== undefined || r.signal !== null;
if (cutShort || !existsSync(results)) {
  const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit ${r.status}`);
  console.log(`soak did not finish (${why}); recording it as failed`);
  writeFileSync(
    results,
    `${JSON.stringify({ numTotalTests: 1, numPassedTests: 0, numFailedTests: 1, success: false, error: why })}\n`,
  );
}
console.log(`\npnpm soak took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(cutShort ? 1 : (r.status ?? 1));
