import { describe, expect, it } from 'vitest';
import { evaluateTargets } from './evaluate-targets.ts';
import { renderMarkdown } from './render-markdown.ts';
import { sampleResults } from './sample-results.ts';

describe('renderMarkdown', () => {
  const base = sampleResults();
  const results = { ...base, targets: evaluateTargets(base) };

  it('states the machine, the command and the method before the tables', () => {
    const md = renderMarkdown(results);
    expect(md).toContain('Machine: 2 CPUs (Test CPU)');
    expect(md).toContain('Node v24.21.0');
    expect(md).toContain('Command: `pnpm bench`');
  });

  it('has one table per scenario with a row per contender, ratios to the SDK included', () => {
    const md = renderMarkdown(results);
    for (const title of ['Plain chat call', 'Streamed call', '100 KB prompt']) {
      expect(md).toContain(title);
    }
    // aiclient full pipeline, plain chat: 108 µs at both concurrencies, 1.08x.
    expect(md).toContain(
      '| aiclient, full pipeline | 108 | 1.08x | 108 | 1.08x | 162 | 162 | 1.0 |',
    );
    expect(md).toContain('| openai 7.57 (baseline) | 100 | 1.00x | 100 | 1.00x |');
  });

  it('shows components, cold start, memory, testkit throughput and the target verdicts', () => {
    const md = renderMarkdown(results);
    expect(md).toContain(
      '| cache hit (memory) | p50 30.0 µs, p99 80.0 µs (hit path, 100 samples) |',
    );
    expect(md).toContain('| cache hit (memory) | p50 230.0 µs, p99 480.0 µs (end to end');
    expect(md).toContain('| cache hit (redis) | not run: redis-server not installed |');
    expect(md).toContain('| cold import of `@aiclient/client` | 48.0 ms (1.20x of openai) |');
    expect(md).toContain('60,000 calls: RSS 121.0 MiB, heap 30.5 MiB, external 4.0 MiB');
    expect(md).toContain('growth over the last two: RSS 1.0 MiB, heap 0.5 MiB');
    expect(md).toContain('14,000 req per server CPU-second');
    expect(md).toContain('| openai then openai-v6 | openai 6.49 | 100 | 1.0 |');
    expect(md).not.toContain('**missed**');
  });

  it('marks a contender that failed in every round as not run, with the reason', () => {
    const failed = {
      ...results,
      calls: results.calls.filter((r) => r.contender !== 'langchain'),
      failures: [{ contender: 'langchain', round: 0, error: 'boom | bad' }],
    };
    expect(renderMarkdown(failed)).toContain('| LangChain ChatOpenAI | not run: boom \\| bad |');
  });
});
