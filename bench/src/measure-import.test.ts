import { describe, expect, it } from 'vitest';
import { measureImport } from './measure-import.ts';

describe('measureImport', () => {
  it('times importing a module in a fresh process', async () => {
    const ms = await measureImport('node:zlib');
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(ms)).toBe(true);
  });

  it('rejects, naming the module, when it cannot be imported', async () => {
    await expect(measureImport('no-such-package-for-bench')).rejects.toThrow(
      "import('no-such-package-for-bench') failed",
    );
  });
});
