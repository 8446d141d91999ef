import { loadConfig, settingsDocumentation } from '@aiclient/config';
import { AIConfigError } from '@aiclient/errors';
import fc from 'fast-check';
import { findSecret } from './find-secret.ts';
import type { PropertyResult } from './redaction-properties.ts';

/** The loader under test; the self-test passes one that throws something else. */
export type ConfigLoader = typeof loadConfig;

const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'true',
    'yes',
    'null',
    '[]',
    '{}',
    'http://',
    'ftp://x',
    'http://127.0.0.1:1/v1',
    '\u0000',
    '9'.repeat(400),
  ),
  fc.integer().map(String),
  fc.double().map(String),
);

/** Environments: every documented variable may be absent or hold anything, the key too. */
function envArbitrary(canaryKey: string): fc.Arbitrary<Record<string, string>> {
  const vars = settingsDocumentation().map((doc) => doc.envVar);
  const keyValue = fc.oneof(
    fc.constant(canaryKey),
    fc.constantFrom(
      `${canaryKey}\n`,
      ` ${canaryKey}`,
      `"${canaryKey}"`,
      canaryKey.slice(0, 30),
      `${canaryKey}x`,
    ),
    anyValue,
  );
  const entries = vars.map((name) => [name, name.includes('KEY') ? keyValue : anyValue] as const);
  return fc.record(Object.fromEntries(entries), { requiredKeys: [] }) as fc.Arbitrary<
    Record<string, string>
  >;
}

/** Overrides of any shape: right names with wrong types, unknown names, nested junk. */
function overridesArbitrary(canaryKey: string): fc.Arbitrary<unknown> {
  const names = settingsDocumentation().map((doc) => doc.option);
  const value = fc.oneof(
    fc.anything({ maxDepth: 2 }),
    fc.constant(canaryKey),
    fc.constant([canaryKey, `${canaryKey} `]),
    fc.constant({ key: canaryKey }),
  );
  return fc.oneof(
    fc.record(Object.fromEntries(names.map((name) => [name, value])), { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 4 }),
    fc.constantFrom(undefined, null, 0, 'string', [] as unknown),
  );
}

/**
 * Fuzzes `loadConfig` with arbitrary environments and overrides (a canary key among the
 * values): it must either return settings or throw an `AIConfigError`, and the error (message,
 * issues, JSON) must not contain the key.
 */
export function runConfigFuzz(
  runs: number,
  canaryKey: string,
  canaryBody: string,
  load: ConfigLoader = loadConfig,
  seed?: number,
): PropertyResult[] {
  const property = fc.property(
    envArbitrary(canaryKey),
    overridesArbitrary(canaryKey),
    (env, overrides) => {
      try {
        load({ env, overrides: overrides as never });
        return true;
      } catch (error) {
        if (!AIConfigError.isInstance(error)) return false;
        return (
          findSecret({ error, json: (error as AIConfigError).toJSON() }, canaryBody).length === 0
        );
      }
    },
  );
  const details = fc.check(property, { numRuns: runs, ...(seed === undefined ? {} : { seed }) });
  return [
    {
      name: 'loadConfig throws nothing but AIConfigError, and never with the key in it',
      runs,
      failed: details.failed,
      ...(details.failed
        ? {
            detail: `seed ${details.seed}: ${String(details.errorInstance ?? 'returned false').slice(0, 200)}`,
          }
        : {}),
    },
  ];
}
