import type { ReleaseCheckReport } from './run-release-check.ts';

const kb = (bytes: number | undefined): string =>
  bytes === undefined ? '–' : `${(bytes / 1024).toFixed(1)} kB`;

/**
 * The check's figures as Markdown tables (they read well in a terminal and paste as-is into
 * docs/releasing.md), then warnings and the verdict.
 */
export function formatReleaseReport(report: ReleaseCheckReport, date = new Date()): string {
  const lines: string[] = [
    `Release check, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
  ];
  if (report.versioning !== undefined) {
    lines.push('| package | before | after |', '| --- | --- | --- |');
    for (const c of report.versioning.changes) {
      const moved = c.before === c.after ? 'unchanged' : `**${c.after}**`;
      lines.push(`| ${c.name}${c.private ? ' (private)' : ''} | ${c.before} | ${moved} |`);
    }
    lines.push('');
  }
  if (report.published.length > 0) {
    lines.push(
      '| package | published | packed | unpacked | files | declared runtime dependencies |',
      '| --- | --- | ---: | ---: | ---: | --- |',
    );
    for (const p of report.published) {
      const deps = p.declaredDependencies.length === 0 ? 'none' : p.declaredDependencies.join(', ');
      lines.push(
        `| ${p.name} | ${p.versions.join(', ')} | ${kb(p.packedBytes)} | ${kb(p.unpackedBytes)} | ${p.fileCount} | ${deps} |`,
      );
    }
    lines.push('');
  }
  if (report.consumers.length > 0) {
    lines.push(
      '| package | installed with | packages installed | third-party | node_modules | checks |',
      '| --- | --- | ---: | ---: | ---: | --- |',
    );
    for (const c of report.consumers) {
      const installed = c.footprint?.packages ?? [];
      const others = installed.filter((n) => !n.startsWith('@aiclient/'));
      const thirdParty = others.length === 0 ? '0' : `${others.length}: ${others.join(', ')}`;
      const passed = c.steps.filter((s) => s.ok).length;
      lines.push(
        `| ${c.packageName} | ${c.manager} | ${installed.length} | ${thirdParty} | ${kb(c.footprint?.bytes)} | ${passed}/${c.steps.length} passed |`,
      );
    }
    lines.push('');
  }
  const timing = Object.entries(report.timings)
    .map(([label, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${label}`)
    .join('\n');
  lines.push('Timings:', timing, '');
  if (report.droppedChangesets.length > 0) {
    lines.push(`Pending changesets left out of the copy: ${report.droppedChangesets.join(', ')}`);
  }
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  for (const p of report.problems) lines.push(`problem: ${p}`);
  lines.push(
    report.ok
      ? 'Release check passed.'
      : `Release check FAILED (${report.problems.length} problem(s)).`,
  );
  return lines.join('\n');
}
