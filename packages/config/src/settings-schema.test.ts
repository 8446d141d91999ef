import { describe, expect, it } from 'vitest';
import { settingsSchema } from './settings-schema';

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
});
