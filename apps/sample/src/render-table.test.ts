import { expect, it } from 'vitest';
import { renderTable } from './render-table.js';

it('aligns columns, right-aligns numbers and rules the header', () => {
  const table = renderTable(
    ['outcome', 'calls'],
    [
      ['ok', '14'],
      ['AI-API-012 → stall', '1'],
    ],
    { align: ['left', 'right'] },
  );
  expect(table).toBe(
    [
      '  outcome             calls',
      '  ──────────────────  ─────',
      '  ok                     14',
      '  AI-API-012 → stall      1',
    ].join('\n'),
  );
});

it('tolerates short rows and a custom indent', () => {
  expect(renderTable(['a', 'b'], [['x']], { indent: '' })).toBe('a  b\n─  ─\nx');
});
