import { describe, expect, it } from 'vitest';
import { approximateTokens } from './estimate-request-tokens';
import { loadTokenCounter, TOKENIZER_PACKAGE, type TokenizerLoader } from './load-token-counter';

function recordingLogger() {
  const warnings: Array<{ message: string; data: unknown }> = [];
  return {
    warnings,
    logger: { warn: (message: string, data?: unknown) => void warnings.push({ message, data }) },
  };
}

function missing(code: string): TokenizerLoader {
  return () =>
    Promise.reject(
      Object.assign(new Error(`Cannot find package '${TOKENIZER_PACKAGE}'`), { code }),
    );
}

describe('loadTokenCounter', () => {
  it('loads gpt-tokenizer once and counts real tokens', async () => {
    const { warnings, logger } = recordingLogger();
    const first = loadTokenCounter({ logger });
    expect(loadTokenCounter()).toBe(first);
    const count = await first;
    expect(count('hello world')).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('falls back to the conservative estimate with one warning naming the package when it is not installed', async () => {
    const { warnings, logger } = recordingLogger();
    const load = missing('ERR_MODULE_NOT_FOUND');
    const count = await loadTokenCounter({ load, logger });
    expect(count).toBe(approximateTokens);
    expect(count('abcdefghij')).toBe(4);
    // Later loads (other clients, other calls) share the first: no second warning.
    expect(await loadTokenCounter({ load, logger })).toBe(approximateTokens);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('gpt-tokenizer is not installed');
    expect(warnings[0]?.message).toContain('Install gpt-tokenizer for exact counts');
    expect(warnings[0]?.data).toMatchObject({ package: 'gpt-tokenizer' });
  });

  it('says so when the tokenizer is installed but fails to load', async () => {
    const { warnings, logger } = recordingLogger();
    expect(await loadTokenCounter({ load: missing('EACCES'), logger })).toBe(approximateTokens);
    expect(warnings[0]?.message).toContain('gpt-tokenizer could not be loaded (EACCES)');
  });

  it('uses a loaded module as is', async () => {
    const load: TokenizerLoader = async () => ({ countTokens: (text) => text.length * 10 });
    expect((await loadTokenCounter({ load }))('ab')).toBe(20);
  });
});
