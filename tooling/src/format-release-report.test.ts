import { describe, expect, it } from 'vitest';
import { formatReleaseReport } from '../release/format-release-report.ts';

describe('formatReleaseReport', () => {
  it('prints versions, sizes, footprints, problems and the verdict', () => {
    const text = formatReleaseReport(
      {
        ok: false,
        problems: ['npm consumer of @aiclient/errors: import failed'],
        warnings: ['npm: probe missing'],
        versioning: {
          changes: [
            { name: '@aiclient/errors', private: false, before: '0.0.0', after: '0.1.0' },
            { name: '@aiclient/sample', private: true, before: '0.0.0', after: '0.0.0' },
          ],
          problems: [],
        },
        published: [
          {
            name: '@aiclient/errors',
            versions: ['0.1.0'],
            latest: '0.1.0',
            packedBytes: 2048,
            unpackedBytes: 10240,
            fileCount: 7,
            declaredDependencies: [],
            manifestProblems: [],
          },
        ],
        consumers: [
          {
            packageName: '@aiclient/errors',
            manager: 'npm',
            ok: false,
            steps: [
              { name: 'npm install', ok: true },
              { name: "import('@aiclient/errors')", ok: false },
            ],
            warnings: [],
            footprint: { packages: ['@aiclient/errors'], bytes: 4096 },
            durationMs: 10,
            phases: { install: 5, run: 3, typecheck: 2 },
          },
          {
            packageName: '@aiclient/config',
            manager: 'pnpm',
            ok: true,
            steps: [{ name: 'pnpm install', ok: true }],
            warnings: [],
            footprint: { packages: ['@aiclient/config', '@aiclient/errors', 'zod'], bytes: 2048 },
            durationMs: 10,
            phases: { install: 5, run: 3, typecheck: 2 },
          },
        ],
        droppedChangesets: [],
        timings: { 'start Verdaccio': 1500 },
      },
      new Date('2026-11-24T03:00:00Z'),
    );
    expect(text).toContain('Release check, 2026-11-24 03:00 UTC');
    expect(text).toContain('| @aiclient/errors | 0.0.0 | **0.1.0** |');
    expect(text).toContain('| @aiclient/sample (private) | 0.0.0 | unchanged |');
    expect(text).toContain('| @aiclient/errors | 0.1.0 | 2.0 kB | 10.0 kB | 7 | none |');
    expect(text).toContain('| @aiclient/errors | npm | 1 | 0 | 4.0 kB | 1/2 passed |');
    expect(text).toContain('| @aiclient/config | pnpm | 3 | 1: zod | 2.0 kB | 1/1 passed |');
    expect(text).toContain('problem: npm consumer of @aiclient/errors: import failed');
    expect(text).toMatch(/Release check FAILED \(1 problem\(s\)\)\.$/);
  });
});
