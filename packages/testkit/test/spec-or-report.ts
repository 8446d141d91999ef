import { expect } from 'vitest';
import { loadOpenApiValidator, type OpenApiValidator } from '../src/openapi-validator';

/**
 * The spec's validator for a conformance test, or undefined after reporting, loudly, that the
 * spec is absent and the check did not run. With env AICLIENT_REQUIRE_SPEC=1 (set by CI) an
 * absent spec fails the test instead.
 */
export async function specOrReport(
  what: string,
  options: { specPath?: string; env?: Record<string, string | undefined> } = {},
): Promise<OpenApiValidator | undefined> {
  const { specPath, env = process.env } = options;
  const result = await loadOpenApiValidator(specPath === undefined ? { env } : { specPath, env });
  if (result.status === 'loaded') return result.validator;
  const message = `spec not found at ${result.specPath}: conformance not checked (${what})`;
  console.warn(`[@aiclient/testkit] ${message}`);
  expect(env.AICLIENT_REQUIRE_SPEC, `${message}; AICLIENT_REQUIRE_SPEC=1 requires it`).not.toBe(
    '1',
  );
  return undefined;
}

/** Splits an SSE body into its events: the `event:` name (if any) and the `data:` text. */
export function parseSse(text: string): Array<{ event: string | undefined; data: string }> {
  const events: Array<{ event: string | undefined; data: string }> = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    events.push({ event, data: data.join('\n') });
  }
  return events;
}
