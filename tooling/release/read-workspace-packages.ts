import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a package.json the release check reads. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

/** One workspace package: its folder (relative to the root) and manifest. */
export interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
}

/**
 * Lists the workspace's packages from `pnpm-workspace.yaml` (`dir/*` and plain folder entries),
 * reading each package.json as it is now: packages are written concurrently, nothing is assumed.
 */
export function readWorkspacePackages(root: string): WorkspacePackage[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split('\n')) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages && /^\S/.test(line)) inPackages = false;
    const entry = inPackages ? /^\s*-\s*['"]?([^'"#\s]+)['"]?/.exec(line)?.[1] : undefined;
    if (entry !== undefined) globs.push(entry);
  }
  const dirs: string[] = [];
  for (const glob of globs) {
    if (glob.endsWith('/*')) {
      const parent = glob.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const d of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (d.isDirectory()) dirs.push(`${parent}/${d.name}`);
      }
    } else {
      dirs.push(glob);
    }
  }
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(
        readFileSync(join(root, dir, 'package.json'), 'utf8'),
      ) as PackageManifest,
    }))
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** Names of the workspace packages `manifest` needs at run time (not devDependencies). */
export function runtimeWorkspaceDependencies(
  manifest: PackageManifest,
  workspaceNames: ReadonlySet<string>,
): string[] {
  const all = {
    ...manifest.dependencies,
    ...manifest.peerDependencies,
    ...manifest.optionalDependencies,
  };
  return Object.keys(all).filter((n) => workspaceNames.has(n));
}
