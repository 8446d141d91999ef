import { resolve } from 'node:path';
import { checkLayers } from './check-layers.ts';

const root = resolve(import.meta.dirname, '..', '..');
const violations = checkLayers(root);
if (violations.length > 0) {
  console.error(
    `Layer check failed (${violations.length} problem(s)); the layer graph is in docs/architecture.md and tooling/src/layers.ts:`,
  );
  for (const v of violations) console.error(`  ${v.file}  [${v.rule}]  ${v.message}`);
  process.exit(1);
}
console.log('Layer check passed: every package depends and imports only downward.');
