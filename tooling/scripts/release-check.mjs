#!/usr/bin/env node
// The release check (run by `npm test`): publishes every public package to a throwaway local
// Verdaccio with changesets, then installs each alone with npm and pnpm in scratch projects and
// uses it. Code in tooling/release/; see docs/releasing.md. `--no-build` skips the (cached)
// turbo build of the packages, for callers that just built them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './lib.mjs';

if (Number(process.versions.node.split('.')[0]) < 22) {
  // tooling/release is TypeScript run by Node's type stripping: hand over to Node 24.
  const r = spawnSync(
    'node',
    [join(root, 'tooling/scripts/toolchain.mjs'), 'release-check', ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}

const started = Date.now();
if (!process.argv.includes('--no-build')) {
  const built = spawnSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
  if (built.status !== 0) {
    console.error('release check: building the packages failed');
    process.exit(1);
  }
}
const { runReleaseCheck } = await import('../release/run-release-check.ts');
const { formatReleaseReport } = await import('../release/format-release-report.ts');
const report = await runReleaseCheck({ root });
console.log(`\n${formatReleaseReport(report)}`);
console.log(`release check took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(report.ok ? 0 : 1);
