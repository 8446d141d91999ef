import type { BenchResults } from './bench-results.ts';
import type { Scenario } from './worker-job.ts';

const SCENARIO_TITLES: Record<Scenario, string> = {
  chat: 'Plain chat call',
  stream: 'Streamed call (18 chunks)',
  large: 'Chat call with a 100 KB prompt',
};

const num = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const ratio = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');
const verdict = (met: boolean | undefined): string =>
  met === undefined ? 'not measured' : met ? 'met' : '**missed**';

/** The results as the markdown README section and bench/results/latest.md show them. */
export function renderMarkdown(results: BenchResults): string {
  const { meta } = results;
  const out: string[] = [];
  out.push(
    `Run ${meta.date} (${meta.mode} mode, ${meta.rounds} interleaved round(s), ${meta.durationS} s)`,
  );
  out.push('');
  out.push(
    `Machine: ${meta.machine.nproc} CPUs (${meta.machine.cpuModel}), ${meta.machine.memoryGiB} GiB, Node ${meta.machine.node}, ${meta.machine.platform}; ` +
      `server and client ${meta.pinned ? 'pinned to separate cores (taskset)' : 'not pinned'}. Command: \`${meta.command}\`.`,
  );
  out.push('');
  out.push(
    `CPU is user + system time of the client process per call (µs); "vs SDK" is the median over rounds of the ratio to the bare \`openai\` SDK measured in the same round. Wall time is latency when sequential and 1/throughput at 64 in flight. Medians of ${meta.rounds} round(s).`,
  );
  for (const scenario of ['chat', 'stream', 'large'] as const) {
    out.push('');
    out.push(`### ${SCENARIO_TITLES[scenario]}`);
    out.push('');
    out.push(
      '| client | CPU µs/call, seq | vs SDK | CPU µs/call, 64 in flight | vs SDK | wall µs/call, seq | wall µs/call, 64 | page faults/call, 64 |',
    );
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [id, label] of Object.entries(results.labels)) {
      const seq = results.calls.find(
        (r) => r.contender === id && r.scenario === scenario && r.concurrency === 1,
      );
      const par = results.calls.find(
        (r) => r.contender === id && r.scenario === scenario && r.concurrency === 64,
      );
      if (seq === undefined && par === undefined) {
        const failure = results.failures.find((f) => f.contender === id);
        out.push(`| ${label} | not run${failure ? `: ${cell(failure.error)}` : ''} | | | | | | |`);
        continue;
      }
      out.push(
        `| ${label} | ${num(seq?.cpuUs ?? Number.NaN)} | ${ratio(seq?.cpuRatio ?? Number.NaN)} | ${num(par?.cpuUs ?? Number.NaN)} | ${ratio(par?.cpuRatio ?? Number.NaN)} | ${num(seq?.wallUs ?? Number.NaN)} | ${num(par?.wallUs ?? Number.NaN)} | ${num(par?.minorFaults ?? Number.NaN, 1)} |`,
      );
    }
  }

  out.push('');
  out.push('### openai 7.57 vs 6.49 in one process (plain chat, side by side)');
  out.push('');
  if ('notRun' in results.sideBySide) {
    out.push(results.sideBySide.notRun);
  } else {
    out.push('| order in the process | client | CPU µs/call | page faults/call |');
    out.push('| --- | --- | ---: | ---: |');
    for (const r of results.sideBySide) {
      out.push(
        `| ${r.order} | ${results.labels[r.contender] ?? r.contender} | ${num(r.cpuUs)} | ${num(r.minorFaults, 1)} |`,
      );
    }
  }

  out.push('');
  out.push('### Components, cold start, memory, testkit');
  out.push('');
  out.push('| measurement | result |');
  out.push('| --- | --- |');
  for (const [title, rows] of [
    ['cache hit', results.cacheHit],
    ['rate limiter decision', results.rateLimit],
  ] as const) {
    for (const r of rows) {
      out.push(
        `| ${title} (${r.store}) | ${'notRun' in r ? r.notRun : `p50 ${num(r.p50Us, 1)} µs, p99 ${num(r.p99Us, 1)} µs (${cell(r.what)}, ${r.samples} samples)`} |`,
      );
    }
  }
  for (const i of results.imports) {
    out.push(
      `| cold import of \`${i.module}\` | ${'notRun' in i ? cell(i.notRun) : `${num(i.ms, 1)} ms (${ratio(i.ratioToOpenai)} of openai)`} |`,
    );
  }
  const creation = results.clientCreation;
  out.push(
    `| \`getOpenAIClient()\` creation | ${'notRun' in creation ? cell(creation.notRun) : `first ${num(creation.firstMs, 2)} ms, cached ${num(creation.cachedUs, 1)} µs`} |`,
  );
  for (const m of results.memory) {
    const label = results.labels[m.contender] ?? m.contender;
    if ('notRun' in m) {
      out.push(`| memory, ${label} | ${cell(m.notRun)} |`);
      continue;
    }
    const points = m.checkpoints.map(
      (c) =>
        `${num(c.calls)} calls${c.truncated === true ? ' (time bound reached)' : ''}: RSS ${num(c.rssMiB, 1)} MiB, heap ${num(c.heapUsedMiB, 1)} MiB, external ${num(c.externalMiB, 1)} MiB`,
    );
    out.push(
      `| memory, ${label} | ${points.join('; ')}; growth over the last two: RSS ${num(m.rssGrowthMiB, 1)} MiB, heap ${num(m.heapGrowthMiB, 1)} MiB |`,
    );
  }
  const server = results.serverThroughput;
  out.push(
    `| testkit alone, non-streaming chat, keep-alive, validation off | ${'notRun' in server ? cell(server.notRun) : `${num(server.requestsPerCpuSecond)} req per server CPU-second; ${num(server.requestsPerSecond)} req/s wall (${num(server.requests)} requests)`} |`,
  );

  out.push('');
  out.push('### Targets');
  out.push('');
  out.push('| target | measured | verdict |');
  out.push('| --- | --- | --- |');
  for (const t of results.targets)
    out.push(`| ${t.target} | ${cell(t.measured)} | ${verdict(t.met)} |`);
  out.push('');
  return out.join('\n');
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
