import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fnv1a } from './fnv1a';
import { normalizeOpenApiSchema } from './normalize-openapi-schema';

/** The parts of an OpenAPI document the testkit uses. */
export interface OpenApiDocument {
  openapi?: string;
  components?: { schemas?: Record<string, unknown> };
  [key: string]: unknown;
}

const loaded = new Map<string, Promise<OpenApiDocument | undefined>>();

async function loadUncached(path: string): Promise<OpenApiDocument | undefined> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  // Parsing the 3 MB YAML takes seconds on a loaded machine and every vitest worker is its own
  // process, so the normalized document is cached as JSON beside the OS temp files, keyed by
  // path, size and mtime (a changed spec gets a new cache file).
  const cacheFile = join(
    tmpdir(),
    `aiclient-openapi-${fnv1a(`${path}\n${info.size}\n${info.mtimeMs}`).toString(16)}.json`,
  );
  try {
    return JSON.parse(await readFile(cacheFile, 'utf8')) as OpenApiDocument;
  } catch {
    // No usable cache: parse the YAML below.
  }
  const document = normalizeOpenApiSchema(parse(await readFile(path, 'utf8'))) as OpenApiDocument;
  try {
    const partial = `${cacheFile}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(document));
    await rename(partial, cacheFile);
  } catch {
    // A read-only temp dir only costs speed.
  }
  return document;
}

/**
 * Loads and normalizes (see `normalizeOpenApiSchema`) the OpenAPI description at `path`, once
 * per process. Resolves to undefined when the file does not exist.
 */
export function loadOpenApiSpec(path: string): Promise<OpenApiDocument | undefined> {
  let pending = loaded.get(path);
  if (pending === undefined) {
    pending = loadUncached(path);
    loaded.set(path, pending);
  }
  return pending;
}
