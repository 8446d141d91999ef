// `pnpm bench` (full run, writes bench/results/latest.{json,md} and the table in
// docs/benchmarks.md), `node src/run-bench-cli.ts --smoke --out <dir>` (reduced run) and
// `--memory-only` (the leak check alone, to bench/results/memory-latest.json).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL_PROFILE, SMOKE_PROFILE } from './bench-profile.ts';
import { renderMarkdown } from './render-markdown.ts';
import { runBench, runMemoryOnly } from './run-bench.ts';
import { updateDocs } from './update-docs.ts';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-docs': { type: 'boolean', default: false },
    'memory-only': { type: 'boolean', default: false },
  },
});
const benchDir = fileURLToPath(new URL('..', import.meta.url));
const profile = values.smoke ? SMOKE_PROFILE : FULL_PROFILE;
const outDir = values.out ?? join(benchDir, 'results');
if (values['memory-only']) {
  const rows = await runMemoryOnly(profile);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'memory-latest.json');
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), memory: rows }, null, 2)}\n`,
  );
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\nwritten to ${file}\n`);
  process.exit(0);
}
const results = await runBench({
  profile,
  command: values.smoke ? 'pnpm --filter @aiclient/bench test' : 'pnpm bench',
});
const markdown = renderMarkdown(results);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(outDir, 'latest.md'), markdown);
const docs = join(benchDir, '..', 'docs', 'benchmarks.md');
if (!values.smoke && !values['no-docs'] && existsSync(docs)) {
  writeFileSync(docs, updateDocs(readFileSync(docs, 'utf8'), markdown));
}
process.stdout.write(`${markdown}\nresults written to ${outDir}\n`);
