#!/usr/bin/env node
// `pnpm release` (maintainers; see docs/releasing.md): refuses a dirty tree or unversioned
// changesets, then install, layer check, lint, build + typecheck + test + package checks of the
// published packages, the release check (local registry, scratch installs), and finally
// `changeset publish` to the registry configured for the user (npm login / NPM_TOKEN), which
// also creates the git tags. Private packages (the sample app, tooling, bench) are never
// versioned or published: changesets skips them (`privatePackages` in .changeset/config.json).
//   --dry-run        everything except `changeset publish`
//   --allow-dirty    skip the clean-working-tree check (never for a real release)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { must, root } from './lib.mjs';

const args = process.argv.slice(2);
if (Number(process.versions.node.split('.')[0]) < 22) {
  // The packages and tooling need Node >= 22: hand over to the repository's toolchain runner.
  const r = spawnSync('node', [join(root, 'tooling/scripts/toolchain.mjs'), 'release', ...args], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
const dryRun = args.includes('--dry-run');
const allowDirty = args.includes('--allow-dirty');

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

const status = spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
if (status.status !== 0) fail('not a git repository');
if (!allowDirty && status.stdout.trim() !== '') {
  fail(`the working tree has uncommitted changes; commit or stash them first:\n${status.stdout}`);
}
const pending = readdirSync(join(root, '.changeset')).filter(
  (f) => f.endsWith('.md') && f !== 'README.md',
);
if (pending.length > 0) {
  fail(
    `unversioned changesets (${pending.join(', ')}): run \`pnpm version-packages\`, review and commit the bumps and CHANGELOGs, then release`,
  );
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
try {
  must('install (frozen lockfile)', 'pnpm', ['install', '--frozen-lockfile'], { env });
  must('layer check', 'node', ['tooling/src/check-layers-cli.ts'], { env });
  must('lint + format (biome)', 'pnpm', ['exec', 'biome', 'ci', '--colors=off', '.'], { env });
  must(
    'build, typecheck, test, package checks of the published packages',
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      'typecheck',
      'test',
      'check:package',
      '--filter=./packages/*',
      '--concurrency=2',
      '--output-logs=errors-only',
    ],
    { env },
  );
  must('release check (local registry, scratch installs)', 'node', [
    'tooling/scripts/release-check.mjs',
    '--no-build',
  ]);
  if (dryRun) {
    console.log('\nrelease: --dry-run, stopping before `changeset publish`.');
    process.exit(0);
  }
  must('changeset publish', 'pnpm', ['exec', 'changeset', 'publish'], { env });
} catch (error) {
  fail(error.message);
}
console.log('\nPublished. Push the release commit and its tags: git push --follow-tags');
