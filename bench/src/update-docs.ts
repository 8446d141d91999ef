/** Markers around the generated part of docs/benchmarks.md. */
export const DOCS_START = '<!-- bench:results:start -->';
export const DOCS_END = '<!-- bench:results:end -->';

/**
 * Replaces the generated block of docs/benchmarks.md with the latest results, keeping the prose
 * around it. Throws when the markers are missing, rather than appending somewhere surprising.
 */
export function updateDocs(document: string, markdown: string): string {
  const start = document.indexOf(DOCS_START);
  const end = document.indexOf(DOCS_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`docs/benchmarks.md needs the markers ${DOCS_START} and ${DOCS_END}`);
  }
  return `${document.slice(0, start + DOCS_START.length)}\n\n${markdown.trim()}\n\n${document.slice(end)}`;
}
