function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withNull(node: Record<string, unknown>): Record<string, unknown> {
  const { nullable: _nullable, ...rest } = node;
  if (typeof rest.type === 'string' || Array.isArray(rest.type)) {
    const types: unknown[] = Array.isArray(rest.type) ? [...rest.type] : [rest.type];
    if (!types.includes('null')) types.push('null');
    const result: Record<string, unknown> = { ...rest, type: types };
    if (Array.isArray(rest.enum) && !rest.enum.includes(null)) result.enum = [...rest.enum, null];
    return result;
  }
  return { anyOf: [rest, { type: 'null' }] };
}

/**
 * Rewrites OpenAPI-isms JSON Schema 2020-12 does not know, in a deep copy: `nullable: true`
 * (still used in OpenAI's 3.1 file) becomes a `'null'` type (or an `anyOf` with null when the
 * node has no `type`); `nullable: false` is dropped. `x-*` and `discriminator` stay: ajv in
 * non-strict mode ignores unknown keywords.
 */
export function normalizeOpenApiSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeOpenApiSchema);
  if (!isRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = normalizeOpenApiSchema(child);
  if (copy.nullable === true) return withNull(copy);
  if ('nullable' in copy) delete copy.nullable;
  return copy;
}
