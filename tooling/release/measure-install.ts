import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one install put into a project. */
export interface InstallFootprint {
  /** Every installed package name (the package under test included), sorted. */
  packages: string[];
  /** Bytes of regular files under `node_modules` (symlinks not followed). */
  bytes: number;
}

/** Reads what npm (`node_modules/.package-lock.json`) or pnpm (`node_modules/.pnpm`) installed. */
export function measureInstall(projectDir: string): InstallFootprint {
  const modules = join(projectDir, 'node_modules');
  const names = new Set<string>();
  const hidden = join(modules, '.package-lock.json');
  const virtualStore = join(modules, '.pnpm');
  if (existsSync(virtualStore)) {
    for (const entry of readdirSync(virtualStore)) {
      const name = pnpmEntryName(entry);
      if (name !== undefined) names.add(name);
    }
  } else if (existsSync(hidden)) {
    const lock = JSON.parse(readFileSync(hidden, 'utf8')) as { packages?: Record<string, unknown> };
    for (const key of Object.keys(lock.packages ?? {})) {
      const at = key.lastIndexOf('node_modules/');
      if (at >= 0) names.add(key.slice(at + 'node_modules/'.length));
    }
  }
  return { packages: [...names].sort(), bytes: existsSync(modules) ? directoryBytes(modules) : 0 };
}

/**
 * `@scope+name@1.2.3_peer@4` -> `@scope/name`; `name@1.2.3` -> `name`; pnpm's own files
 * (`lock.yaml`, `node_modules`) -> undefined.
 */
export function pnpmEntryName(entry: string): string | undefined {
  const scoped = entry.startsWith('@');
  const at = entry.indexOf('@', scoped ? 1 : 0);
  if (at <= 0) return undefined;
  const name = entry.slice(0, at);
  return scoped ? name.replace('+', '/') : name;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(full);
    else if (entry.isFile()) total += lstatSync(full).size;
  }
  return total;
}
