import { createRequire } from 'node:module';
import type { z } from 'zod';

let loaded: typeof z | undefined;

/**
 * zod, loaded on the first call (synchronously) instead of at import: zod costs tens of
 * milliseconds to load, and most importers (the client's hot path, `keyId`, `maskApiKey`,
 * `explainApiKey`, `verifyApiKey`) never need it. Only schema work (`loadConfig`, the schema
 * exports, `settingsDocumentation`) calls this.
 */
export function loadZod(): typeof z {
  // A static `import { z } from 'zod'` would be hoisted to the top of the bundle; a require is not.
  // Both builds have `__filename` (the ESM one from tsup's shim; tsup's import.meta.url stand-in
  // in the CJS build mangles paths with `#`); `import.meta.url` serves the sources under vitest.
  const from = typeof __filename === 'string' ? __filename : import.meta.url;
  loaded ??= (createRequire(from)('zod') as typeof import('zod')).z;
  return loaded;
}
