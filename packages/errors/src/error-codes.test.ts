import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from './error-codes';
import { errorForCode } from './error-for-code';
import { ErrorSeverity } from './error-severity';

const severities = new Set<string>(Object.values(ErrorSeverity));

describe('ERROR_CODES', () => {
  it('has a well-formed entry for every code', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^AI-(CLIENT|CONFIG|API)-\d{3}$/);
      expect(info.title.length).toBeGreaterThan(0);
      expect(info.meaning.length).toBeGreaterThan(0);
      expect(severities.has(info.severity)).toBe(true);
      expect(typeof info.retryable).toBe('boolean');
    }
  });

  it('marks the transient failures retryable and the rest not', () => {
    const retryable = Object.entries(ERROR_CODES)
      .filter(([, info]) => info.retryable)
      .map(([code]) => code)
      .sort();
    expect(retryable).toEqual([
      'AI-API-005',
      'AI-API-009',
      'AI-API-010',
      'AI-API-011',
      'AI-API-012',
      'AI-API-015',
    ]);
  });

  it('isErrorCode accepts registry codes only', () => {
    expect(isErrorCode('AI-API-005')).toBe(true);
    expect(isErrorCode('AI-API-777')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(5)).toBe(false);
  });
});

describe('README error table', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\|\s*`(AI-[A-Z]+-\d{3})`\s*\|([^\n]*)$/gm)];

  it('lists exactly the registry codes, once each', () => {
    const listed = rows.map((row) => row[1]);
    expect(listed).toEqual(Object.keys(ERROR_CODES));
  });

  it('shows each code with its registry title, severity, retryable flag and class', () => {
    for (const row of rows) {
      const code = row[1] as keyof typeof ERROR_CODES;
      const cells = (row[2] ?? '').split('|').map((cell) => cell.trim());
      const info = ERROR_CODES[code];
      expect(cells[0], code).toBe(info.title);
      expect(cells[2], code).toBe(info.severity);
      expect(cells[3], code).toBe(info.retryable ? 'yes' : 'no');
      expect(cells[4], code).toBe(`\`${errorForCode(code, { message: 'x' }).name}\``);
    }
  });
});
