// Child-process entry of the benchmark: runs one job (JSON in argv[2]) and prints one JSON line.
// Each contender gets a fresh process so no client's heap, JIT state or sockets bias another.
import { runCallPhases } from './run-call-phases.ts';
import { runMemoryCheck } from './run-memory-check.ts';
import { runServerLoad } from './run-server-load.ts';
import { runSideBySide } from './run-side-by-side.ts';
import type { WorkerJob, WorkerOutput } from './worker-job.ts';

const RESULT_PREFIX = '@@bench-result ';

async function run(job: WorkerJob): Promise<unknown> {
  switch (job.kind) {
    case 'calls':
      return runCallPhases(job);
    case 'memory':
      return runMemoryCheck(job);
    case 'server-load':
      return runServerLoad(job);
    case 'cache-hit':
      return (await import('./run-cache-hit.ts')).runCacheHit(job);
    case 'rate-limit':
      return (await import('./run-rate-limit-decision.ts')).runRateLimitDecision(job);
    case 'side-by-side':
      return runSideBySide(job);
    case 'client-creation':
      return (await import('./run-client-creation.ts')).runClientCreation(job);
  }
}

let output: WorkerOutput;
try {
  const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
  output = { ok: true, result: await run(job) };
} catch (error) {
  output = { ok: false, error: error instanceof Error ? error.message : String(error) };
}
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(output)}\n`);
// Contenders may keep sockets or timers alive; the result is out, so end the process now.
process.exit(0);
