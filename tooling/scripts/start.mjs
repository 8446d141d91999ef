#!/usr/bin/env node
// `npm start`: installs and builds what the sample app needs (turbo-cached), then runs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib.mjs';

const quiet = { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] };
const lockfile = existsSync(join(root, 'pnpm-lock.yaml'));
const steps = [
  [
    'pnpm',
    ['install', lockfile ? '--frozen-lockfile' : '--no-frozen-lockfile', '--prefer-offline'],
  ],
  [
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@aiclient/sample...', '--output-logs=errors-only'],
  ],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, quiet);
  if (r.status !== 0) {
    console.error(`npm start: '${cmd} ${args.join(' ')}' failed`);
    process.exit(r.status ?? 1);
  }
}
const r = spawnSync(
  'node',
  ['--enable-source-maps', 'apps/sample/dist/main.js', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
