import { describe, expect, it } from 'vitest';
import { DOCS_END, DOCS_START, updateDocs } from './update-docs.ts';

describe('updateDocs', () => {
  it('replaces only the generated block, keeping the prose around it', () => {
    const doc = `# Benchmarks\n\nIntro.\n\n${DOCS_START}\nold table\n${DOCS_END}\n\nOutro.\n`;
    const updated = updateDocs(doc, '| new | table |\n');
    expect(updated).toBe(
      `# Benchmarks\n\nIntro.\n\n${DOCS_START}\n\n| new | table |\n\n${DOCS_END}\n\nOutro.\n`,
    );
    // Idempotent: a second run with the same table changes nothing.
    expect(updateDocs(updated, '| new | table |\n')).toBe(updated);
  });

  it('refuses a document without the markers', () => {
    expect(() => updateDocs('# Benchmarks\n', 'x')).toThrow(DOCS_START);
  });
});
