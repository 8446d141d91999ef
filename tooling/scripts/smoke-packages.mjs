#!/usr/bin/env node
// Packs every publishable package (pnpm pack rewrites workspace:* to real versions), installs the
// tarballs with npm in a scratch folder outside the workspace, then ESM-imports and CJS-requires
// each entry point there. Catches broken exports maps, missing files and unresolvable ranges.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'aiclient-smoke-'));
const tarballs = join(scratch, 'tarballs');
mkdirSync(tarballs);
let failed = 0;
try {
  const packages = readdirSync(join(root, 'packages'))
    .map((d) => ({
      dir: join(root, 'packages', d),
      manifest: JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')),
    }))
    .filter((p) => !p.manifest.private);
  for (const p of packages) {
    exec('pnpm', ['pack', '--pack-destination', tarballs], p.dir);
  }
  // Optional peers a consumer installs to use telemetry's ./node and ./testing entries.
  const peers = Object.entries(
    packages.find((p) => p.manifest.name === '@aiclient/telemetry')?.manifest.peerDependencies ??
      {},
  ).map(([n, v]) => `${n}@${v}`);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'smoke', private: true }));
  const files = readdirSync(tarballs).map((f) => `./tarballs/${f}`);
  exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      ...files,
      ...peers,
    ],
    scratch,
  );
  for (const p of packages) {
    for (const sub of Object.keys(p.manifest.exports)) {
      if (sub === './package.json') continue;
      const spec = sub === '.' ? p.manifest.name : `${p.manifest.name}/${sub.slice(2)}`;
      const esm = `const m = await import(${JSON.stringify(spec)}); if (Object.keys(m).length === 0) throw new Error('no exports');`;
      const cjs = `const m = require(${JSON.stringify(spec)}); if (Object.keys(m).length === 0) throw new Error('no exports');`;
      failed += check(`import('${spec}')`, ['--input-type=module', '-e', esm]);
      failed += check(`require('${spec}')`, ['-e', cjs]);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failed > 0) {
  console.error(`${failed} package entry point(s) failed to load`);
  process.exit(1);
}

function exec(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}`);
  }
}

function check(label, args) {
  const r = spawnSync('node', args, { cwd: scratch, encoding: 'utf8' });
  const ok = r.status === 0;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${label}${ok ? '' : `\n${r.stderr}`}`);
  return ok ? 0 : 1;
}
