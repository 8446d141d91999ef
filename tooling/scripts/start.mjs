#!/usr/bin/env node
// `npm start`: installs and builds what the sample app needs (turbo-cached), then runs it.
import { spawn, spawnSync } from 'node:child_process';
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
const started = Date.now();
console.log(
  'aiclient: preparing (the first run installs dependencies and builds: a minute or two)…',
);
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, quiet);
  if (r.status !== 0) {
    console.error(`npm start: '${cmd} ${args.join(' ')}' failed`);
    process.exit(r.status ?? 1);
  }
}
console.log(`aiclient: ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
// The app drains and exits 0 on SIGINT/SIGTERM. Ctrl-C reaches it directly (same process
// group), so this parent only stays alive until it finishes; a SIGTERM sent to this process
// alone (a process manager) is passed on.
const app = spawn(
  process.execPath,
  ['--enable-source-maps', 'apps/sample/dist/main.js', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.on('SIGINT', () => {});
process.on('SIGTERM', () => app.kill('SIGTERM'));
app.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
