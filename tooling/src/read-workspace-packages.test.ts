import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readWorkspacePackages,
  runtimeWorkspaceDependencies,
} from '../release/read-workspace-packages.ts';

const root = mkdtempSync(join(tmpdir(), 'workspace-packages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pkg(dir: string, manifest: object): void {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
}

describe('readWorkspacePackages', () => {
  it('expands dir/* and plain entries of pnpm-workspace.yaml, skipping folders without a manifest', () => {
    writeFileSync(
      join(root, 'pnpm-workspace.yaml'),
      "packages:\n  - packages/*\n  - 'tooling'\n  - missing/*\nonlyBuiltDependencies:\n  - esbuild\n",
    );
    pkg('packages/b', { name: '@s/b', version: '1.0.0', dependencies: { '@s/a': 'workspace:*' } });
    pkg('packages/a', { name: '@s/a', version: '1.0.0' });
    mkdirSync(join(root, 'packages', 'empty'));
    pkg('tooling', { name: '@s/tooling', version: '0.0.0', private: true });
    const found = readWorkspacePackages(root);
    expect(found.map((p) => [p.dir, p.manifest.name])).toEqual([
      ['packages/a', '@s/a'],
      ['packages/b', '@s/b'],
      ['tooling', '@s/tooling'],
    ]);
  });
});

describe('runtimeWorkspaceDependencies', () => {
  it('lists workspace packages needed at run time, not devDependencies or third parties', () => {
    const names = new Set(['@s/a', '@s/b', '@s/c']);
    expect(
      runtimeWorkspaceDependencies(
        {
          name: '@s/d',
          version: '1.0.0',
          dependencies: { '@s/a': 'workspace:*', zod: '^4' },
          peerDependencies: { '@s/b': 'workspace:^' },
          devDependencies: { '@s/c': 'workspace:*' },
        },
        names,
      ),
    ).toEqual(['@s/a', '@s/b']);
  });
});
