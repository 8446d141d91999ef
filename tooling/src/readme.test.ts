import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { settingsDocumentation } from '@aiclient/config';
import { ERROR_CODES } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

/** Markdown table rows whose first cell is a code span: `| \`X\` | ...`. */
function firstCells(text: string): Set<string> {
  const cells = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\|\s*`([^`]+)`/.exec(line);
    if (m?.[1]) for (const part of m[1].split(/`,\s*`/)) cells.add(part);
    const multi = line.match(/^\|([^|]+)\|/);
    if (multi?.[1]) for (const c of multi[1].matchAll(/`([A-Z][A-Z0-9_-]+)`/g)) cells.add(c[1]!);
  }
  return cells;
}

describe('README', () => {
  const documented = firstCells(readme);

  it('shows the two quick-start commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('has a configuration row for every setting of @aiclient/config', () => {
    const missing = settingsDocumentation()
      .map((d) => d.envVar)
      .filter((v) => !documented.has(v));
    expect(missing).toEqual([]);
  });

  it('has an error-table row for exactly the codes of the registry', () => {
    const codes = Object.keys(ERROR_CODES);
    const rows = [...documented].filter((c) => /^AI-[A-Z]+-\d{3}$/.test(c));
    expect(rows.sort()).toEqual(codes.sort());
  });

  it('documents every environment variable the code reads', () => {
    const files = execFileSync(
      'git',
      ['ls-files', 'packages/*/src/**', 'apps/*/src/**', 'tooling/scripts/**', '.ci/run'],
      { cwd: root, encoding: 'utf8' },
    )
      .split('\n')
      .filter((f) => f !== '' && !/\.test\.ts$/.test(f));
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(resolve(root, file), 'utf8');
      // Reads look like env.X, env['X'], 'X' handed to a reader, or $X / ${X} in shell.
      const read = /(?:env\.|['"`]|\$\{?)((?:AICLIENT|OPENAI|OTEL|AZURE_OPENAI)_[A-Z0-9_]+)\b/g;
      for (const m of text.matchAll(read)) used.add(m[1]!);
    }
    const missing = [...used].filter((v) => !documented.has(v) && !readme.includes(`\`${v}\``));
    expect(missing.sort()).toEqual([]);
  });
});
