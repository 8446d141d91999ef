import { lazyObject } from './lazy-object';
import { loadZod } from './load-zod';
import { settingsDocumentation } from './settings-documentation';
import { getSettingsSchema } from './settings-schema';

/**
 * JSON Schema (draft 2020-12) of the settings `loadConfig` accepts as overrides, generated from
 * `settingsSchema` with each property's description, default and `envVar`. Generated on first use
 * (a stand-in forwarding to the generated object), not at import.
 */
export const settingsJsonSchema: Readonly<Record<string, unknown>> =
  lazyObject(buildSettingsJsonSchema);

function buildSettingsJsonSchema(): Record<string, unknown> {
  const schema = loadZod().toJSONSchema(getSettingsSchema(), {
    io: 'input',
    unrepresentable: 'any',
  }) as {
    properties?: Record<string, Record<string, unknown>>;
  } & Record<string, unknown>;
  // Input mode leaves defaults out; a config file's schema should show them.
  for (const doc of settingsDocumentation()) {
    const property = schema.properties?.[doc.option];
    if (property !== undefined && doc.default !== undefined) property.default = doc.default;
  }
  return { ...schema, title: 'aiclient settings' };
}
