import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineInfo } from './machine-info.ts';

describe('machineInfo', () => {
  it('reads the CPU model from a cpuinfo file and reports core count and Node version', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-cpuinfo-')), 'cpuinfo');
    writeFileSync(file, 'processor\t: 0\nmodel name\t: Test CPU 9000 @ 3.0GHz\nflags\t: x\n');
    const info = machineInfo(file);
    expect(info.cpuModel).toBe('Test CPU 9000 @ 3.0GHz');
    expect(info.nproc).toBeGreaterThanOrEqual(1);
    expect(info.node).toBe(process.version);
  });

  it("says 'unknown' rather than failing when cpuinfo is unreadable", () => {
    expect(machineInfo('/nonexistent/cpuinfo').cpuModel).toBe('unknown');
  });
});
