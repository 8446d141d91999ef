import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureInstall, pnpmEntryName } from '../release/measure-install.ts';

const work = mkdtempSync(join(tmpdir(), 'measure-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('measureInstall', () => {
  it('lists what npm installed, nested copies included, and sums the bytes', () => {
    const dir = join(work, 'npm');
    mkdirSync(join(dir, 'node_modules', 'zod'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'zod', 'index.js'), '12345');
    writeFileSync(
      join(dir, 'node_modules', '.package-lock.json'),
      JSON.stringify({
        packages: {
          'node_modules/@aiclient/config': {},
          'node_modules/zod': {},
          'node_modules/@aiclient/config/node_modules/lru-cache': {},
        },
      }),
    );
    const footprint = measureInstall(dir);
    expect(footprint.packages).toEqual(['@aiclient/config', 'lru-cache', 'zod']);
    expect(footprint.bytes).toBeGreaterThanOrEqual(5);
  });

  it('lists what pnpm put in its virtual store', () => {
    const dir = join(work, 'pnpm');
    for (const entry of [
      '@aiclient+client@0.0.1_@opentelemetry+api@1.10.0',
      'openai@7.57.0',
      'node_modules',
    ]) {
      mkdirSync(join(dir, 'node_modules', '.pnpm', entry), { recursive: true });
    }
    writeFileSync(join(dir, 'node_modules', '.pnpm', 'lock.yaml'), '');
    expect(measureInstall(dir).packages).toEqual(['@aiclient/client', 'openai']);
  });

  it('parses pnpm virtual-store entry names', () => {
    expect(pnpmEntryName('@opentelemetry+api@1.10.0')).toBe('@opentelemetry/api');
    expect(pnpmEntryName('winston@3.19.0_x@1')).toBe('winston');
    expect(pnpmEntryName('lock.yaml')).toBeUndefined();
  });
});
