import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getSettingsSchema, settingsSchema } from './settings-schema';

const shape = settingsSchema.shape;

describe('settingsSchema', () => {
  it('decodes environment strings and passes typed values through', () => {
    expect(shape.timeoutMs.parse(' 1500 ')).toBe(1500);
    expect(shape.timeoutMs.parse(1500)).toBe(1500);
    expect(shape.timeoutMs.parse(undefined)).toBe(60_000);
    for (const word of ['true', 'TRUE', '1', 'yes', 'on'])
      expect(shape.cacheEnabled.parse(word)).toBe(true);
    for (const word of ['false', '0', 'No', 'off'])
      expect(shape.cacheEnabled.parse(word)).toBe(false);
    expect(shape.fallbackModels.parse('a, b\nc,,')).toEqual(['a', 'b', 'c']);
    expect(shape.fallbackModels.parse(['x'])).toEqual(['x']);
    expect(shape.logLevel.parse(' Warn ')).toBe('warn');
  });

  it('rejects unknown keys', () => {
    expect(settingsSchema.safeParse({ nope: 1 }).success).toBe(false);
    expect(settingsSchema.safeParse({}).success).toBe(true);
  });

  it('gives every field a description and an env var in its metadata', () => {
    for (const [name, field] of Object.entries(shape)) {
      const meta = field.meta() as { description?: string; envVar?: string } | undefined;
      expect(meta?.description, name).toBeTruthy();
      expect(meta?.envVar, name).toMatch(/^(OPENAI|AICLIENT|AZURE_OPENAI|OTEL)_[A-Z_]+$/);
    }
  });

  it('is a full zod object schema although it is built on first use', () => {
    expect(getSettingsSchema()).toBe(getSettingsSchema());
    expect(settingsSchema.shape).toBe(getSettingsSchema().shape);
    expect(settingsSchema).toBeInstanceOf(z.ZodObject);
    const extended = settingsSchema.extend({ team: z.string() });
    expect(extended.parse({ team: 'a', timeoutMs: '10' })).toMatchObject({
      team: 'a',
      timeoutMs: 10,
    });
    const json = z.toJSONSchema(settingsSchema, { unrepresentable: 'any' }) as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(json.properties)).toEqual(Object.keys(getSettingsSchema().shape));
    expect(settingsSchema.parse({ model: 'm' }).model).toBe('m');
    expect(() => settingsSchema.parse({ timeoutMs: 0 })).toThrow(z.ZodError);
  });
});
