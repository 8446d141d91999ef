import { redactSecrets, redactValue } from '@aiclient/errors';
import fc from 'fast-check';
import { findSecret } from './find-secret.ts';

/** The redaction functions under test; the self-tests pass broken ones. */
export interface Redactors {
  redactSecrets: (text: string) => string;
  redactValue: (value: unknown) => unknown;
}

/** The real ones from @aiclient/errors. */
export const REAL_REDACTORS: Redactors = { redactSecrets, redactValue };

/** Outcome of one property: its name and fast-check's failure, if any. */
export interface PropertyResult {
  readonly name: string;
  readonly runs: number;
  readonly failed: boolean;
  /** fast-check's counterexample report (secrets in it are test data, never real keys). */
  readonly detail?: string;
}

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const TOKEN_CHARS = `${KEY_CHARS}.~+/=`;

function fromChars(chars: string, min: number, max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...chars.split('')), { minLength: min, maxLength: max })
    .map((list) => list.join(''));
}

/** An OpenAI-shaped key of any family: what must never survive redaction. */
export const apiKeyArbitrary: fc.Arbitrary<{ key: string; body: string }> = fc
  .tuple(
    fc.constantFrom('sk-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-'),
    // Starts with a letter or digit so the secret part is never only the prefix's dash run.
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('')),
    fromChars(KEY_CHARS, 20, 180),
  )
  .map(([prefix, first, rest]) => ({ key: `${prefix}${first}${rest}`, body: `${first}${rest}` }));

/** A bearer token (any shape) and the text a header line may put around it. */
const tokenArbitrary = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'.split('')),
    fromChars(TOKEN_CHARS, 15, 120),
  )
  .map(([first, rest]) => `${first}${rest}`);

/** Text around a secret: anything, including quotes, JSON punctuation and unicode. */
const surrounding = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '"', "'", '=', ':', '\n', '{"a":"', '","b":1}', 'key=', '&x=1', '\\"'),
);

/** Where a secret may sit inside a structured value: the place name and a builder. */
const sensitiveNames = fc.constantFrom(
  'apiKey',
  'api_key',
  'Authorization',
  'x-api-key',
  'OPENAI_API_KEY',
  'password',
  'token',
);

function embedIn(secret: string): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    fc.constant(secret),
    fc.constant(`Bearer ${secret}`),
    surrounding.map((s) => `${s}${secret}${s}`),
    fc.constant(new Error(`request failed with ${secret}`)),
  );
  return fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc
        .tuple(fc.array(fc.jsonValue(), { maxLength: 3 }), tie('node'))
        .map(([rest, node]) => [...rest, node]),
      fc
        .tuple(
          fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 }),
          fc.string({ maxLength: 8 }),
          tie('node'),
        )
        .map(([rest, name, node]) => ({ ...rest, [`f_${name}`]: node })),
      fc
        .tuple(sensitiveNames, fc.oneof(fc.constant(secret), fromChars(TOKEN_CHARS, 1, 40)))
        .map(([name, value]) => ({ [name]: value })),
      tie('node').map((node) => new Map([['nested', node]])),
    ),
  })).node;
}

function check(
  name: string,
  runs: number,
  property: fc.IProperty<never> | fc.IAsyncProperty<never>,
  seed?: number,
): PropertyResult {
  const details = fc.check(property as fc.IProperty<unknown>, {
    numRuns: runs,
    ...(seed === undefined ? {} : { seed }),
  });
  if (details instanceof Promise) throw new Error('asynchronous property');
  if (!details.failed) return { name, runs, failed: false };
  return {
    name,
    runs,
    failed: true,
    detail: `seed ${details.seed}, counterexample ${JSON.stringify(details.counterexample)?.slice(0, 300)}`,
  };
}

/**
 * Runs the redaction properties `runs` times each: an API key or bearer token embedded in any
 * text never survives `redactSecrets`; one anywhere in a nested value (strings, errors, maps,
 * values under sensitive names) never survives `redactValue`; redaction is idempotent; text with
 * nothing secret-looking is left as it was; `redactValue` never mutates its input.
 */
export function runRedactionProperties(
  runs: number,
  redactors: Redactors = REAL_REDACTORS,
  seed?: number,
): PropertyResult[] {
  const { redactSecrets: secrets, redactValue: value } = redactors;
  return [
    check(
      'redactSecrets removes every API key, whatever surrounds it',
      runs,
      fc.property(surrounding, apiKeyArbitrary, surrounding, (before, { key, body }, after) => {
        fc.pre(!`${before}${after}`.includes(body));
        return !secrets(`${before}${key}${after}`).includes(body);
      }) as never,
      seed,
    ),
    check(
      'redactSecrets removes bearer tokens and credential header values',
      runs,
      fc.property(
        surrounding,
        tokenArbitrary,
        fc.constantFrom(
          'Bearer ',
          'bearer  ',
          'Authorization: Bearer ',
          'api-key: ',
          '"api_key":"',
          'x-api-key=',
          'OPENAI_API_KEY=',
        ),
        (before, token, label) => {
          fc.pre(!before.includes(token));
          return !secrets(`${before} ${label}${token}`).includes(token);
        },
      ) as never,
      seed,
    ),
    check(
      'redactValue removes a key from anywhere in a nested value, without mutating it',
      Math.max(1, Math.floor(runs / 4)),
      fc.property(
        apiKeyArbitrary.chain(({ key, body }) => fc.tuple(fc.constant(body), embedIn(key))),
        ([body, input]) => {
          const before = JSON.stringify(input, replacer);
          const output = value(input);
          return (
            findSecret({ output }, body).length === 0 && JSON.stringify(input, replacer) === before
          );
        },
      ) as never,
      seed,
    ),
    check(
      'redaction is idempotent',
      runs,
      fc.property(surrounding, apiKeyArbitrary, surrounding, (a, { key }, b) => {
        const once = secrets(`${a}${key}${b}`);
        return secrets(once) === once;
      }) as never,
      seed,
    ),
    check(
      'text with nothing secret-looking is unchanged',
      runs,
      fc.property(
        fromChars('abcdefghij0123456789 .,()!?\n', 0, 200),
        (text) => secrets(text) === text,
      ) as never,
      seed,
    ),
  ];
}

function replacer(_key: string, v: unknown): unknown {
  if (v instanceof Map) return [...v.entries()];
  if (v instanceof Error) return `${v.name}:${v.message}`;
  return v;
}
