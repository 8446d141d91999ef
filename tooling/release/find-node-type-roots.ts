import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/**
 * The folder holding the workspace's `@types/node`, lent to scratch consumers' typechecks so
 * they need not install it (it would count in their install footprint).
 */
export function findNodeTypeRoots(): string {
  const require = createRequire(import.meta.url);
  return dirname(dirname(require.resolve('@types/node/package.json')));
}
