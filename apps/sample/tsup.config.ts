import { defineConfig } from 'tsup';

// An app, not a library: one ESM bundle that keeps its dependencies external.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  sourcemap: true,
  clean: true,
  dts: false,
});
