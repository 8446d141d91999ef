#!/usr/bin/env node
// Totals vitest's JSON results of every workspace package into one plain closing line,
// "N passed, N failed[, N skipped]", which CI reads. Plain JS so it runs on any Node.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs = ['tooling', 'bench'];
for (const top of ['packages', 'apps', 'suites']) {
  if (existsSync(join(root, top)))
    for (const d of readdirSync(join(root, top))) dirs.push(join(top, d));
}
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const dir of dirs) {
  for (const name of ['.test-results.json', '.soak-results.json', '.release-results.json']) {
    const file = join(root, dir, name);
    if (!existsSync(file)) continue;
    try {
      const r = JSON.parse(readFileSync(file, 'utf8'));
      const p = r.numPassedTests ?? 0;
      const f =
        (r.numFailedTests ?? 0) +
        (r.numRuntimeErrorTests ?? 0) +
        (r.success === false && !r.numFailedTests ? 1 : 0);
      const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
      passed += p;
      failed += f;
      skipped += s;
      rows.push(`  ${dir}/${name}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
    } catch (e) {
      failed += 1;
      rows.push(`  ${dir}/${name}: unreadable (${e.message})`);
    }
  }
}
if (process.argv.includes('--verbose')) console.log(rows.join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
