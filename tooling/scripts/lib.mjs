// Small process helpers shared by the repository scripts in this folder.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a command with inherited output; returns true when it exited 0. */
export function step(title, cmd, args, options = {}) {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✖'} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

/** Runs a command, failing the script when it fails. */
export function must(title, cmd, args, options) {
  if (!step(title, cmd, args, options)) {
    throw new Error(`${title} failed`);
  }
}
