/**
 * The layer graph of ../shared/STYLE.md section 1, encoded once. docs/architecture.md draws it.
 * `runtime` lists the @aiclient packages a package may depend on at run time (dependencies,
 * peerDependencies, non-test imports). Tests may additionally use lower or same-layer packages.
 */
export interface LayerRule {
  readonly layer: number;
  readonly runtime: readonly string[];
  /** Subpaths of other packages this package may import from non-test code ('.' is the root). */
  readonly subpaths?: Readonly<Record<string, readonly string[]>>;
  /** Higher-layer packages this package's tests may use (never one that depends on it). */
  readonly testOnly?: readonly string[];
  /** False only for the tooling package, whose tests hold import statements as fixture text. */
  readonly scanSources?: boolean;
}

export const LAYERS: Readonly<Record<string, LayerRule>> = {
  '@aiclient/errors': { layer: 0, runtime: [] },
  // config's tests verify API keys against the testkit's server.
  '@aiclient/config': { layer: 1, runtime: ['@aiclient/errors'], testOnly: ['@aiclient/testkit'] },
  '@aiclient/telemetry': { layer: 1, runtime: ['@aiclient/errors'] },
  '@aiclient/testkit': { layer: 2, runtime: ['@aiclient/errors'] },
  '@aiclient/client': {
    layer: 2,
    runtime: ['@aiclient/errors', '@aiclient/config', '@aiclient/telemetry'],
    // Library code uses telemetry's root entry only: the ./node entry (SDK, winston) is for apps.
    subpaths: { '@aiclient/telemetry': ['.'] },
  },
  '@aiclient/sample': {
    layer: 3,
    runtime: [
      '@aiclient/errors',
      '@aiclient/config',
      '@aiclient/telemetry',
      '@aiclient/testkit',
      '@aiclient/client',
    ],
  },
  // Repository tooling sits above everything and is never published.
  '@aiclient/tooling': { layer: 9, runtime: [], scanSources: false },
  '@aiclient/reliability': {
    layer: 9,
    runtime: [
      '@aiclient/errors',
      '@aiclient/config',
      '@aiclient/telemetry',
      '@aiclient/testkit',
      '@aiclient/client',
      '@aiclient/sample',
    ],
  },
  '@aiclient/bench': {
    layer: 9,
    runtime: [
      '@aiclient/errors',
      '@aiclient/config',
      '@aiclient/telemetry',
      '@aiclient/testkit',
      '@aiclient/client',
    ],
  },
};
