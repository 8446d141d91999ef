/**
 * How the release check calls "one real function" of each published package, from a scratch
 * project that installed it. Update this table when a package's public API changes; a probe
 * whose export is missing falls back to "the package exports at least one function" and the
 * check prints a warning instead of failing.
 */
export interface PackageProbe {
  /** Named export that must be a function. */
  exportName: string;
  /**
   * JavaScript run in the consumer (ESM and CJS alike) with the export bound to `fn`; it may
   * `await`. It throws when the result is wrong. Empty: presence of the function only.
   */
  call: string;
  /** What the call shows, for the report. */
  description: string;
}

/** One probe per published package, keyed by package name. */
export const PACKAGE_PROBES: Readonly<Record<string, PackageProbe>> = {
  '@aiclient/errors': {
    exportName: 'serializeError',
    call: [
      "const out = fn(new Error('boom Bearer sk-releasecheck0000000000000000'));",
      "if (typeof out !== 'object' || out === null) throw new Error('serializeError returned no object');",
      "if (JSON.stringify(out).includes('sk-releasecheck0000000000000000')) throw new Error('secret leaked');",
    ].join('\n'),
    description: 'serializeError(new Error(...)) gives a JSON-safe object without the secret',
  },
  '@aiclient/config': {
    exportName: 'validateApiKey',
    call: [
      "const out = fn('not a key');",
      "if (out !== false) throw new Error('validateApiKey accepted garbage: ' + String(out));",
    ].join('\n'),
    description: "validateApiKey('not a key') === false",
  },
  '@aiclient/telemetry': {
    exportName: 'genAiSpanName',
    call: [
      "const out = fn('chat', 'gpt-4o-mini');",
      "if (typeof out !== 'string' || !out.includes('gpt-4o-mini')) throw new Error('bad span name: ' + String(out));",
    ].join('\n'),
    description: "genAiSpanName('chat', 'gpt-4o-mini') names the model",
  },
  '@aiclient/testkit': {
    exportName: 'startMockOpenAI',
    call: [
      'const server = await fn({ validateRequests: false });',
      'try {',
      "  const res = await fetch(server.url + '/models', { headers: { authorization: 'Bearer test' } });",
      "  if (res.status >= 500) throw new Error('mock server answered ' + res.status);",
      '} finally {',
      '  await server.close();',
      '}',
    ].join('\n'),
    description: 'startMockOpenAI() serves /v1/models on a loopback port, then closes',
  },
  '@aiclient/client': {
    exportName: 'getOpenAIClient',
    call: '',
    description: 'getOpenAIClient is a function (not called: it needs an endpoint and a key)',
  },
};
