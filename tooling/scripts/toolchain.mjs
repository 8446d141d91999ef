#!/usr/bin/env node
// Entry of the README commands (`npm test`, `npm start`, `npm run bench`, `npm run soak`).
// Runs on the machine's own Node (20 is fine). The packages need Node >= 22, so when the
// machine's Node is older this gets Node and pnpm from the npm registry with npx (the `node`
// package ships Node binaries) and runs the task under them; nothing is fetched from elsewhere.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '24.21.0';
const PNPM_VERSION = '10.34.9';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [task, ...args] = process.argv.slice(2);
if (!task) {
  console.error('usage: node tooling/scripts/toolchain.mjs <test|start|bench|soak|release> [args]');
  process.exit(2);
}

const quote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
const inner = ['node', quote(join('tooling', 'scripts', `${task}.mjs`)), ...args.map(quote)].join(
  ' ',
);
const nodeMajor = Number(process.versions.node.split('.')[0]);
const haveRightPnpm = which('pnpm') === PNPM_VERSION;
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  NPM_CONFIG_UPDATE_NOTIFIER: 'false',
  NPM_CONFIG_FUND: 'false',
  NPM_CONFIG_AUDIT: 'false',
};

let result;
if (nodeMajor >= 22 && haveRightPnpm) {
  result = spawnSync('sh', ['-c', inner], { cwd: root, stdio: 'inherit', env });
} else {
  const packages = nodeMajor >= 22 ? [] : ['-p', `node@${NODE_VERSION}`];
  packages.push('-p', `pnpm@${PNPM_VERSION}`);
  if (nodeMajor < 22) {
    console.error(
      `aiclient: Node ${process.versions.node} found; running with Node ${NODE_VERSION} and pnpm ${PNPM_VERSION} from the npm registry (npx).`,
    );
  }
  result = spawnSync('npx', ['--yes', ...packages, '-c', inner], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
}
if (result.error) {
  console.error(`aiclient: could not start ${task}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);

function which(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', env: process.env });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
