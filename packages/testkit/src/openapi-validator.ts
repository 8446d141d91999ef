import type { ValidateFunction } from 'ajv/dist/2020.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadOpenApiSpec, type OpenApiDocument } from './load-openapi-spec';
import { type ResolveSpecPathOptions, resolveSpecPath } from './resolve-spec-path';

/** The result of checking a value against one of the spec's component schemas. */
export interface SchemaCheck {
  valid: boolean;
  /** Readable problems (`/path message`), empty when valid. */
  errors: string[];
  /** JSON pointer of the first problem, e.g. '/messages/0/role' ('' for the root). */
  firstPath?: string;
}

/** Validates values against `#/components/schemas/<name>` of OpenAI's OpenAPI description. */
export interface OpenApiValidator {
  /** Absolute path of the spec the validator was built from. */
  readonly specPath: string;
  /** True when the spec defines `components.schemas[name]`. */
  hasSchema(name: string): boolean;
  /** Checks `value` against the named component schema (compiled on first use, then cached). */
  validate(name: string, value: unknown): SchemaCheck;
}

/** {@link loadOpenApiValidator}'s answer: a validator, or why there is none. */
export type OpenApiValidatorResult =
  | { status: 'loaded'; specPath: string; validator: OpenApiValidator }
  | { status: 'missing'; specPath: string; message: string };

const DOCUMENT_ID = 'https://aiclient.local/openai-openapi.json';

/** Builds a validator over an already loaded (and normalized) OpenAPI document. */
export function createOpenApiValidator(
  document: OpenApiDocument,
  specPath: string,
): OpenApiValidator {
  const schemas = document.components?.schemas ?? {};
  // strict: false because the file carries OpenAPI keywords (discriminator, x-*, example).
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  // OpenAI-specific formats: values are plain integers / strings the base type already checks.
  for (const format of ['unixtime', 'double', 'float', 'int64', 'binary', 'png']) {
    ajv.addFormat(format, true);
  }
  // Registering only the components keeps `#/components/schemas/X` refs resolvable from one id.
  ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
  const compiled = new Map<string, ValidateFunction>();

  return {
    specPath,
    hasSchema: (name) => Object.hasOwn(schemas, name),
    validate(name, value) {
      let validate = compiled.get(name);
      if (validate === undefined) {
        if (!Object.hasOwn(schemas, name)) {
          throw new Error(`The OpenAPI spec at ${specPath} has no schema named ${name}`);
        }
        const found = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`);
        if (found === undefined) throw new Error(`Could not compile schema ${name}`);
        validate = found;
        compiled.set(name, validate);
      }
      if (validate(value)) return { valid: true, errors: [] };
      const problems = validate.errors ?? [];
      const errors = problems
        .slice(0, 5)
        .map(
          (problem) =>
            `${problem.instancePath === '' ? '(root)' : problem.instancePath} ${problem.message ?? 'is invalid'}`,
        );
      const first = problems[0];
      return first === undefined
        ? { valid: false, errors }
        : { valid: false, errors, firstPath: first.instancePath };
    },
  };
}

const validators = new Map<string, Promise<OpenApiValidatorResult>>();

/**
 * Loads OpenAI's OpenAPI description (see `resolveSpecPath` for where) and returns a validator,
 * once per process and path. A missing file is not an error: the result says so and why.
 */
export function loadOpenApiValidator(
  options: ResolveSpecPathOptions = {},
): Promise<OpenApiValidatorResult> {
  const specPath = resolveSpecPath(options);
  let pending = validators.get(specPath);
  if (pending === undefined) {
    pending = loadOpenApiSpec(specPath).then(
      (document): OpenApiValidatorResult =>
        document === undefined
          ? {
              status: 'missing',
              specPath,
              message: `spec not found at ${specPath}: OpenAPI validation is off (set specPath or AICLIENT_OPENAPI_SPEC)`,
            }
          : { status: 'loaded', specPath, validator: createOpenApiValidator(document, specPath) },
    );
    validators.set(specPath, pending);
  }
  return pending;
}
