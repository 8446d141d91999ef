import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTarballStats } from '../release/read-tarball-stats.ts';

const work = mkdtempSync(join(tmpdir(), 'tarball-stats-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readTarballStats', () => {
  it('counts the files and bytes of a package tarball', () => {
    mkdirSync(join(work, 'package', 'dist'), { recursive: true });
    writeFileSync(join(work, 'package', 'package.json'), '{"name":"x"}');
    writeFileSync(join(work, 'package', 'dist', 'index.js'), 'x'.repeat(1500));
    const tgz = join(work, 'x.tgz');
    const r = spawnSync('tar', ['-czf', tgz, '--format=ustar', 'package'], { cwd: work });
    expect(r.status).toBe(0);
    const stats = readTarballStats(tgz);
    expect(stats.files.sort()).toEqual(['dist/index.js', 'package.json']);
    expect(stats.fileCount).toBe(2);
    expect(stats.unpackedBytes).toBe(1500 + '{"name":"x"}'.length);
    expect(stats.packedBytes).toBeGreaterThan(0);
  });
});
