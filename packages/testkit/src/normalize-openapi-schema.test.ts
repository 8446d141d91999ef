import { describe, expect, it } from 'vitest';
import { normalizeOpenApiSchema } from './normalize-openapi-schema';

describe('normalizeOpenApiSchema', () => {
  it('turns nullable types and enums into null-accepting 2020-12 schemas', () => {
    expect(normalizeOpenApiSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(normalizeOpenApiSchema({ type: ['integer'], nullable: true })).toEqual({
      type: ['integer', 'null'],
    });
  });

  it('wraps untyped nullable nodes in anyOf and drops nullable false, deeply', () => {
    const input = {
      properties: {
        a: { $ref: '#/components/schemas/A', nullable: true },
        b: { type: 'object', nullable: false, 'x-oaiMeta': {} },
      },
    };
    expect(normalizeOpenApiSchema(input)).toEqual({
      properties: {
        a: { anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }] },
        b: { type: 'object', 'x-oaiMeta': {} },
      },
    });
    // The input is not mutated.
    expect(input.properties.a.nullable).toBe(true);
  });
});
