import { expect, it } from 'vitest';
import { z } from 'zod';
import { loadZod } from './load-zod';

it('returns zod, the same instance on every call', () => {
  const loaded = loadZod();
  expect(loaded).toBe(loadZod());
  expect(loaded.string().parse('a')).toBe('a');
  // Schemas of the loaded zod and of an imported one recognise each other.
  expect(loaded.number()).toBeInstanceOf(z.ZodNumber);
});
