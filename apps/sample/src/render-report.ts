import { ERROR_CODES, isErrorCode } from '@aiclient/errors';
import { renderTable } from './render-table.js';
import type { CallResult, CallSummary } from './summarize-calls.js';

/** Everything the closing report shows. */
export interface DemoReport {
  /** 'offline' against the mock, 'live' against OPENAI_BASE_URL / api.openai.com. */
  mode: 'offline' | 'live';
  results: readonly CallResult[];
  summary: CallSummary;
  retries: number;
  fallbacks: number;
  cacheHits: number;
  estimatedCostUsd: number;
  /** The drawn span tree and the step of its call; undefined when no trace was recorded. */
  trace?: { step: string; tree: string };
  logFile: string;
  telemetryFile: string;
  /** Seconds from process start to the summary. */
  elapsedSeconds: number;
}

/** Makes headings stand out on a terminal; identity elsewhere. */
export type Emphasis = (text: string) => string;

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd >= 0.01 ? 4 : 6)}`;
}

/** Steps in first-seen order with their call counts, successes and failure codes. */
function byStep(results: readonly CallResult[]): string[][] {
  const steps = new Map<string, CallResult[]>();
  for (const result of results) steps.set(result.step, [...(steps.get(result.step) ?? []), result]);
  return [...steps].map(([step, calls]) => {
    const failures = calls.filter((call) => !call.ok).map((call) => call.code ?? 'unknown');
    const latencies = calls.map((call) => call.latencyMs);
    return [
      step,
      String(calls.length),
      String(calls.length - failures.length),
      [...new Set(failures)].join(', '),
      formatMs(Math.max(...latencies)),
    ];
  });
}

/** The closing report: summary, outcomes per step and per code, and the span tree. */
export function renderReport(report: DemoReport, bold: Emphasis = (text) => text): string {
  const { summary } = report;
  const lines: string[] = [];
  lines.push(bold('Summary'));
  lines.push(
    renderTable(
      ['metric', 'value'],
      [
        ['calls', String(summary.calls)],
        ['succeeded', String(summary.succeeded)],
        ['failed', String(summary.calls - summary.succeeded)],
        ['latency p50', formatMs(summary.p50Ms)],
        ['latency p95', formatMs(summary.p95Ms)],
        ['tokens in / out', `${summary.inputTokens} / ${summary.outputTokens}`],
        ['estimated cost', formatUsd(report.estimatedCostUsd)],
        ['retries', String(report.retries)],
        ['fallbacks', String(report.fallbacks)],
        ['cache hits', String(report.cacheHits)],
      ],
      { align: ['left', 'right'] },
    ),
  );
  lines.push('', bold('Calls by step'));
  lines.push(
    renderTable(['step', 'calls', 'ok', 'errors', 'slowest'], byStep(report.results), {
      align: ['left', 'right', 'right', 'left', 'right'],
    }),
  );
  lines.push('', bold('Outcomes by error code'));
  const outcomes = [
    ['ok', String(summary.succeeded), 'answered'],
    ...summary.failuresByCode.map(([code, count]) => [
      code,
      String(count),
      isErrorCode(code) ? ERROR_CODES[code].title : '',
    ]),
  ];
  lines.push(renderTable(['outcome', 'calls', 'meaning'], outcomes, { align: ['left', 'right'] }));
  if (report.trace !== undefined) {
    lines.push('', bold(`Span tree of a retried call (${report.trace.step})`));
    lines.push(
      report.trace.tree
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
  }
  lines.push('');
  lines.push(`  logs       ${report.logFile}`);
  lines.push(`  telemetry  ${report.telemetryFile}`);
  lines.push('');
  lines.push(`Summary ready ${report.elapsedSeconds.toFixed(1)} s after start.`);
  return lines.join('\n');
}
