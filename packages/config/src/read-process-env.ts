/**
 * The one place this package reads `process.env`, and only when called, so importing the
 * package never captures the environment and tests can pass their own.
 */
export function readProcessEnv(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
