import { z } from 'zod';
import { settingsDocumentation } from './settings-documentation';
import { settingsSchema } from './settings-schema';

/**
 * JSON Schema (draft 2020-12) of the settings `loadConfig` accepts as overrides, generated from
 * `settingsSchema` with each property's description, default and `envVar`.
 */
export const settingsJsonSchema: Readonly<Record<string, unknown>> = buildSettingsJsonSchema();

function buildSettingsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
  } & Record<string, unknown>;
  // Input mode leaves defaults out; a config file's schema should show them.
  for (const doc of settingsDocumentation()) {
    const property = schema.properties?.[doc.option];
    if (property !== undefined && doc.default !== undefined) property.default = doc.default;
  }
  return { ...schema, title: 'aiclient settings' };
}
