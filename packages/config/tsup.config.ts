import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.config.base';

// shims: the ESM build gets `__filename` (what load-zod.ts hands createRequire; the CJS build has
// it natively), and the CJS build an `import.meta.url` stand-in so esbuild does not warn about it.
export default defineConfig({ ...packageBuild(), shims: true });
