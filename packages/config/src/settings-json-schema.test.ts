import { expect, it } from 'vitest';
import { settingsJsonSchema } from './settings-json-schema';
import { settingsSchema } from './settings-schema';

interface JsonSchema {
  $schema: string;
  type: string;
  additionalProperties: boolean;
  required?: string[];
  properties: Record<
    string,
    { type?: string; default?: unknown; description?: string; envVar?: string; enum?: string[] }
  >;
}

const schema = settingsJsonSchema as unknown as JsonSchema;

it('is a draft 2020-12 object schema with one property per setting', () => {
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(schema.type).toBe('object');
  expect(schema.additionalProperties).toBe(false);
  expect(Object.keys(schema.properties)).toEqual(Object.keys(settingsSchema.shape));
  // Every setting is optional in a config file.
  expect(schema.required ?? []).toEqual([]);
});

it('carries types, defaults, descriptions and env vars', () => {
  expect(schema.properties.timeoutMs).toMatchObject({
    type: 'integer',
    default: 60_000,
    envVar: 'AICLIENT_TIMEOUT_MS',
  });
  expect(schema.properties.logLevel?.enum).toEqual(['off', 'error', 'warn', 'info', 'debug']);
  expect(schema.properties.apiKeys).toMatchObject({ type: 'array', default: [] });
  for (const [name, property] of Object.entries(schema.properties)) {
    expect(property.description, name).toBeTruthy();
    expect(property.envVar, name).toMatch(/^[A-Z_]+$/);
  }
});

it('is JSON-serializable', () => {
  expect(JSON.parse(JSON.stringify(settingsJsonSchema))).toEqual(settingsJsonSchema);
});

it('is generated once and then reused', () => {
  expect(settingsJsonSchema.properties).toBe(settingsJsonSchema.properties);
});
