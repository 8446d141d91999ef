import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, splitSpecifier } from './check-layers.ts';

const roots: string[] = [];

function workspace(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

const errorsPkg = { 'packages/errors/package.json': { name: '@aiclient/errors' } };
const configPkg = {
  'packages/config/package.json': {
    name: '@aiclient/config',
    dependencies: { '@aiclient/errors': 'workspace:*' },
  },
};

afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('checkLayers', () => {
  it('passes on the real repository', () => {
    expect(checkLayers(resolve(import.meta.dirname, '..', '..'))).toEqual([]);
  });

  it('catches an upward import from errors to config, naming file, line and rule', () => {
    const root = workspace({
      ...errorsPkg,
      ...configPkg,
      'packages/errors/src/index.ts': "export const a = 1;\nimport '@aiclient/config';\n",
    });
    const v = checkLayers(root);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ file: 'packages/errors/src/index.ts:2', rule: 'layer-import' });
    expect(v[0]?.message).toContain(
      "@aiclient/errors (layer 0) imports '@aiclient/config' (layer 1)",
    );
    expect(v[0]?.message).toContain('@aiclient/errors may use no other @aiclient package');
  });

  it('catches an upward runtime dependency in package.json', () => {
    const root = workspace({
      'packages/errors/package.json': {
        name: '@aiclient/errors',
        dependencies: { '@aiclient/client': 'workspace:*' },
      },
    });
    const v = checkLayers(root);
    expect(v.map((x) => x.rule)).toEqual(['layer-dependency']);
    expect(v[0]?.message).toContain('lists @aiclient/client (layer 2) in dependencies');
  });

  it('catches a same-layer runtime import (config -> telemetry)', () => {
    const root = workspace({
      ...configPkg,
      'packages/config/src/a.ts': "export { x } from '@aiclient/telemetry';\n",
    });
    expect(checkLayers(root).map((x) => x.rule)).toEqual(['layer-import']);
  });

  it('lets tests use a sibling package, but not a higher one', () => {
    const root = workspace({
      'packages/client/package.json': {
        name: '@aiclient/client',
        devDependencies: { '@aiclient/testkit': 'workspace:*' },
      },
      'packages/client/src/a.test.ts': "import { startMockOpenAI } from '@aiclient/testkit';\n",
      'packages/client/src/b.test.ts': "const s = await import('@aiclient/sample');\n",
    });
    const v = checkLayers(root);
    expect(v.map((x) => `${x.file} ${x.rule}`)).toEqual([
      'packages/client/src/b.test.ts:1 layer-test-import',
    ]);
  });

  it('lets config tests start the testkit, but never lets errors tests use a package built on errors', () => {
    const root = workspace({
      'packages/config/package.json': {
        name: '@aiclient/config',
        devDependencies: { '@aiclient/testkit': 'workspace:*' },
      },
      'packages/errors/package.json': {
        name: '@aiclient/errors',
        devDependencies: { '@aiclient/testkit': 'workspace:*' },
      },
    });
    const v = checkLayers(root);
    expect(v.map((x) => `${x.file} ${x.rule}`)).toEqual([
      'packages/errors/package.json layer-dev-dependency',
    ]);
  });

  it('rejects deep imports into src or dist', () => {
    const root = workspace({
      ...configPkg,
      'packages/config/src/a.ts': "import { x } from '@aiclient/errors/src/index';\n",
      'packages/config/src/b.ts': "const y = require('@aiclient/errors/dist/index.cjs');\n",
    });
    expect(checkLayers(root).map((x) => x.rule)).toEqual(['no-deep-import', 'no-deep-import']);
  });

  it('keeps the client on the root entry of telemetry', () => {
    const root = workspace({
      'packages/client/package.json': { name: '@aiclient/client' },
      'packages/client/src/a.ts': "import { startTelemetry } from '@aiclient/telemetry/node';\n",
    });
    expect(checkLayers(root).map((x) => x.rule)).toEqual(['layer-subpath']);
  });

  it('flags an @aiclient package missing from the layer table', () => {
    const root = workspace({ 'packages/new/package.json': { name: '@aiclient/new' } });
    expect(checkLayers(root).map((x) => x.rule)).toEqual(['layer-table']);
  });
});

describe('splitSpecifier', () => {
  it('splits package and subpath', () => {
    expect(splitSpecifier('@aiclient/telemetry/node')).toEqual({
      pkg: '@aiclient/telemetry',
      subpath: './node',
    });
    expect(splitSpecifier('@aiclient/errors')).toEqual({ pkg: '@aiclient/errors', subpath: '.' });
  });
});
