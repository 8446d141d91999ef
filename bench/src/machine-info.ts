import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

/** The machine a run happened on, as the README reports it. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

/** Reads nproc, the CPU model from /proc/cpuinfo (os.cpus() elsewhere), memory and Node version. */
export function machineInfo(cpuinfoPath = '/proc/cpuinfo'): MachineInfo {
  let cpuModel: string | undefined;
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync(cpuinfoPath, 'utf8'));
    cpuModel = match?.[1]?.trim();
  } catch {
    // Not Linux: fall through to os.cpus().
  }
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
