import { describe, expect, it } from 'vitest';
import {
  checkPublishedManifest,
  satisfiesSimpleRange,
} from '../release/check-published-manifest.ts';

const published = new Map([['@aiclient/errors', ['0.0.0', '0.1.0']]]);

describe('checkPublishedManifest', () => {
  it('accepts real ranges that a published version satisfies', () => {
    expect(
      checkPublishedManifest(
        {
          name: '@aiclient/config',
          version: '0.0.1',
          dependencies: { '@aiclient/errors': '0.1.0', zod: '^4.6.7' },
        },
        published,
      ),
    ).toEqual([]);
  });

  it('rejects a workspace: range left in a published manifest', () => {
    expect(
      checkPublishedManifest(
        {
          name: '@aiclient/config',
          version: '0.0.1',
          peerDependencies: { '@aiclient/errors': 'workspace:*' },
        },
        published,
      ),
    ).toEqual([
      '@aiclient/config@0.0.1 peerDependencies.@aiclient/errors is "workspace:*": not installable outside the workspace',
    ]);
  });

  it('rejects an internal range no published version satisfies', () => {
    const problems = checkPublishedManifest(
      {
        name: '@aiclient/client',
        version: '1.0.0',
        dependencies: { '@aiclient/errors': '^0.2.0' },
      },
      published,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/no published version \(0\.0\.0, 0\.1\.0\) satisfies/);
  });
});

describe('satisfiesSimpleRange', () => {
  it.each([
    ['0.1.0', '0.1.0', true],
    ['0.1.1', '0.1.0', false],
    ['0.1.5', '^0.1.0', true],
    ['0.2.0', '^0.1.0', false],
    ['0.0.2', '^0.0.1', false],
    ['1.9.0', '^1.2.0', true],
    ['1.2.9', '~1.2.0', true],
    ['1.3.0', '~1.2.0', false],
    ['1.0.0', '*', true],
    ['1.0.0', '>=1 <2', true],
  ])('%s in %s: %s', (version, range, expected) => {
    expect(satisfiesSimpleRange(version, range)).toBe(expected);
  });
});
