import { describe, expect, it } from 'vitest';
import {
  bumpVersion,
  checkIndependentVersioning,
} from '../release/check-independent-versioning.ts';
import type { PackageManifest } from '../release/read-workspace-packages.ts';

const before: PackageManifest[] = [
  { name: '@aiclient/errors', version: '0.1.0' },
  {
    name: '@aiclient/config',
    version: '0.1.0',
    dependencies: { '@aiclient/errors': 'workspace:*' },
  },
  {
    name: '@aiclient/client',
    version: '1.2.3',
    dependencies: { '@aiclient/config': 'workspace:*' },
  },
  {
    name: '@aiclient/lonely',
    version: '2.0.0',
    devDependencies: { '@aiclient/errors': 'workspace:*' },
  },
  {
    name: '@aiclient/sample',
    version: '0.0.0',
    private: true,
    dependencies: { '@aiclient/errors': 'workspace:*' },
  },
];

function after(versions: Record<string, string>): PackageManifest[] {
  return before.map((m) => ({ ...m, version: versions[m.name] ?? m.version }));
}

describe('bumpVersion', () => {
  it('bumps each part and resets the lower ones', () => {
    expect(bumpVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(bumpVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(bumpVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(() => bumpVersion('next', 'patch')).toThrow(/semver/);
  });
});

describe('checkIndependentVersioning', () => {
  it('accepts the target bumped, workspace:* dependents patched (transitively), the rest alone', () => {
    const report = checkIndependentVersioning(
      before,
      after({
        '@aiclient/errors': '0.2.0',
        '@aiclient/config': '0.1.1',
        '@aiclient/client': '1.2.4',
      }),
      '@aiclient/errors',
      'minor',
    );
    expect(report.problems).toEqual([]);
    expect(report.changes.find((c) => c.name === '@aiclient/lonely')).toMatchObject({
      before: '2.0.0',
      after: '2.0.0',
    });
  });

  it('flags a dependent left behind, a private package versioned and an unrelated bump', () => {
    const report = checkIndependentVersioning(
      before,
      after({
        '@aiclient/errors': '0.2.0',
        '@aiclient/config': '0.1.1',
        '@aiclient/sample': '0.0.1',
        '@aiclient/lonely': '2.0.1',
      }),
      '@aiclient/errors',
      'minor',
    );
    expect(report.problems).toEqual([
      '@aiclient/client depends on @aiclient/errors and should be 1.2.4 (patch), is 1.2.3',
      '@aiclient/lonely does not depend on @aiclient/errors but moved 2.0.0 -> 2.0.1',
      '@aiclient/sample is private but was versioned (0.0.0 -> 0.0.1)',
    ]);
  });

  it('flags a target bumped by the wrong amount', () => {
    const report = checkIndependentVersioning(
      before,
      after({
        '@aiclient/errors': '1.0.0',
        '@aiclient/config': '0.1.1',
        '@aiclient/client': '1.2.4',
      }),
      '@aiclient/errors',
      'minor',
    );
    expect(report.problems).toEqual(['@aiclient/errors: 0.1.0 -> 1.0.0, expected 0.2.0 (minor)']);
  });
});
