import type { Options } from 'tsup';

/**
 * The one build shape every publishable package uses: ESM + CJS + type declarations for both.
 * A package's own tsup.config.ts names its entries and nothing else.
 */
export function packageBuild(entry: Record<string, string> = { index: 'src/index.ts' }): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node22',
    platform: 'node',
    splitting: false,
    treeshake: true,
    shims: false,
  };
}
