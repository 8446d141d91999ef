import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSpecPath } from './resolve-spec-path';

describe('resolveSpecPath', () => {
  const root = mkdtempSync(join(tmpdir(), 'aiclient-spec-path-'));
  const repo = join(root, 'main');
  const nested = join(repo, 'packages', 'testkit');
  mkdirSync(nested, { recursive: true });
  writeFileSync(join(repo, 'pnpm-workspace.yaml'), 'packages: []\n');

  it('defaults to ../shared/openai-openapi/openapi.yaml from the repository root', () => {
    expect(resolveSpecPath({ env: {}, cwd: nested })).toBe(
      join(root, 'shared', 'openai-openapi', 'openapi.yaml'),
    );
  });

  it('prefers AICLIENT_OPENAPI_SPEC, then an explicit specPath', () => {
    expect(resolveSpecPath({ env: { AICLIENT_OPENAPI_SPEC: '/x/spec.yaml' }, cwd: nested })).toBe(
      '/x/spec.yaml',
    );
    expect(
      resolveSpecPath({
        specPath: 'own.yaml',
        env: { AICLIENT_OPENAPI_SPEC: '/x/spec.yaml' },
        cwd: nested,
      }),
    ).toBe(resolve(nested, 'own.yaml'));
  });
});
