import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the spec is looked for, relative to the repository root. */
export const DEFAULT_SPEC_RELATIVE_PATH = '../shared/openai-openapi/openapi.yaml';

/** Inputs to {@link resolveSpecPath}; all optional. */
export interface ResolveSpecPathOptions {
  /** An explicit path; wins over everything. */
  specPath?: string;
  /** Environment to read `AICLIENT_OPENAPI_SPEC` from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where to start looking for the repository root. @default process.cwd() */
  cwd?: string;
}

function findRepositoryRoot(start: string): string {
  let current = resolve(start);
  for (;;) {
    if (existsSync(join(current, 'pnpm-workspace.yaml'))) return current;
    const parent = dirname(current);
    if (parent === current) return resolve(start);
    current = parent;
  }
}

/**
 * The path of OpenAI's OpenAPI description: `specPath`, else env `AICLIENT_OPENAPI_SPEC`, else
 * `../shared/openai-openapi/openapi.yaml` relative to the repository root (the nearest folder
 * above `cwd` holding `pnpm-workspace.yaml`). The file is OpenAI's and never shipped with us.
 */
export function resolveSpecPath(options: ResolveSpecPathOptions = {}): string {
  const { specPath, env = process.env, cwd = process.cwd() } = options;
  const fromEnv = env.AICLIENT_OPENAPI_SPEC;
  if (specPath !== undefined && specPath !== '') return resolve(cwd, specPath);
  if (fromEnv !== undefined && fromEnv !== '') return resolve(cwd, fromEnv);
  return resolve(findRepositoryRoot(cwd), DEFAULT_SPEC_RELATIVE_PATH);
}
