import { loadZod } from './load-zod';
import { getSettingsSchema, type SettingMeta, type SettingName } from './settings-schema';

/** One row of the configuration table. */
export interface SettingDoc {
  option: SettingName;
  envVar: string;
  /** Static default, or `undefined` when unset by default or derived (see `defaultNote`). */
  default: unknown;
  /** How a derived default is chosen. */
  defaultNote?: string;
  description: string;
  /** JSON Schema type name: string, integer, boolean, array. */
  type: string;
  /** A credential: never printed, masked by `getClientConfig`. */
  secret: boolean;
}

/**
 * Every setting with its environment variable, default and description, derived from
 * `settingsSchema`, so READMEs can be generated from or checked against it.
 */
export function settingsDocumentation(): SettingDoc[] {
  const settingsSchema = getSettingsSchema();
  const json = loadZod().toJSONSchema(settingsSchema, { io: 'output', unrepresentable: 'any' }) as {
    properties: Record<string, { default?: unknown; type?: string; enum?: unknown[] }>;
  };
  return (Object.keys(settingsSchema.shape) as SettingName[]).map((option) => {
    const meta = settingsSchema.shape[option].meta() as unknown as SettingMeta;
    const property = json.properties[option] ?? {};
    const doc: SettingDoc = {
      option,
      envVar: meta.envVar,
      default: property.default,
      description: meta.description,
      type: property.type ?? (property.enum === undefined ? 'unknown' : 'string'),
      secret: meta.secret === true,
    };
    if (meta.defaultNote !== undefined) doc.defaultNote = meta.defaultNote;
    return doc;
  });
}
