import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LAYERS, type LayerRule } from './layers.ts';

export interface LayerViolation {
  readonly file: string;
  readonly rule: string;
  readonly message: string;
}

interface PackageInfo {
  readonly name: string;
  readonly dir: string;
  readonly manifest: Record<string, unknown>;
}

const WORKSPACE_DIRS = ['packages', 'apps', 'suites', 'tooling', 'bench'];
const IMPORT_RE =
  /(?:\bimport\s*(?:type\s+)?(?:[^'"`]*?\sfrom\s*)?|\bexport\s+(?:type\s+)?[^'"`]*?\sfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"](@aiclient\/[^'"]+)['"]/g;
const TEST_FILE_RE =
  /(^|\/)(test|tests|__tests__|fixtures)\/|\.test\.[cm]?[jt]sx?$|\.bench\.[cm]?[jt]sx?$/;

/** Lists workspace packages below `root` (one level in each workspace folder, or the folder itself). */
export function listPackages(root: string): PackageInfo[] {
  const found: PackageInfo[] = [];
  for (const top of WORKSPACE_DIRS) {
    const base = join(root, top);
    if (!exists(base)) continue;
    const candidates = exists(join(base, 'package.json'))
      ? [base]
      : readdirSync(base).map((d) => join(base, d));
    for (const dir of candidates) {
      const file = join(dir, 'package.json');
      if (!exists(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (typeof manifest.name === 'string') found.push({ name: manifest.name, dir, manifest });
    }
  }
  return found;
}

/** Splits `@aiclient/x/y/z` into the package `@aiclient/x` and the subpath `./y/z` (or '.'). */
export function splitSpecifier(spec: string): { pkg: string; subpath: string } {
  const [scope, name, ...rest] = spec.split('/');
  return { pkg: `${scope}/${name}`, subpath: rest.length === 0 ? '.' : `./${rest.join('/')}` };
}

function ruleFor(name: string): LayerRule | undefined {
  return LAYERS[name];
}

/** Checks every workspace package's manifest and sources against the layer table. */
export function checkLayers(root: string): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const pkg of listPackages(root)) {
    const rule = ruleFor(pkg.name);
    const manifestFile = relative(root, join(pkg.dir, 'package.json'));
    if (!rule) {
      if (pkg.name.startsWith('@aiclient/')) {
        violations.push({
          file: manifestFile,
          rule: 'layer-table',
          message: `${pkg.name} is not in the layer table (tooling/src/layers.ts): add it with its layer and allowed dependencies`,
        });
      }
      continue;
    }
    checkManifest(pkg, rule, manifestFile, violations);
    if (rule.scanSources === false) continue;
    for (const file of sourceFiles(pkg.dir)) {
      checkSource(root, pkg, rule, file, violations);
    }
  }
  return violations;
}

function checkManifest(
  pkg: PackageInfo,
  rule: LayerRule,
  file: string,
  out: LayerViolation[],
): void {
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (pkg.manifest[field] ?? {}) as Record<string, string>;
    for (const dep of Object.keys(deps)) {
      if (!dep.startsWith('@aiclient/')) continue;
      if (!rule.runtime.includes(dep)) {
        out.push({
          file,
          rule: 'layer-dependency',
          message: `${pkg.name} (layer ${rule.layer}) lists ${dep} (layer ${layerOf(dep)}) in ${field}: ${describeAllowed(pkg.name, rule)}`,
        });
      }
    }
  }
  const dev = (pkg.manifest.devDependencies ?? {}) as Record<string, string>;
  for (const dep of Object.keys(dev)) {
    if (!dep.startsWith('@aiclient/')) continue;
    if (!testMayUse(pkg.name, rule, dep)) {
      out.push({
        file,
        rule: 'layer-dev-dependency',
        message: `${pkg.name} (layer ${rule.layer}) lists ${dep} (layer ${layerOf(dep)}) in devDependencies: tests may only use lower or same-layer packages`,
      });
    }
  }
}

function checkSource(
  root: string,
  pkg: PackageInfo,
  rule: LayerRule,
  file: string,
  out: LayerViolation[],
): void {
  const rel = relative(root, file);
  const inPackage = relative(pkg.dir, file);
  const isTest = TEST_FILE_RE.test(inPackage);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT_RE)) {
    const spec = match[1] as string;
    const { pkg: target, subpath } = splitSpecifier(spec);
    const line = text.slice(0, match.index).split('\n').length;
    const where = `${rel}:${line}`;
    if (/^\.\/(src|dist)(\/|$)/.test(subpath)) {
      out.push({
        file: where,
        rule: 'no-deep-import',
        message: `deep import '${spec}': import the package's public entry ('${target}') instead of its ${subpath.slice(2).split('/')[0]} folder`,
      });
      continue;
    }
    if (target === pkg.name) {
      out.push({
        file: where,
        rule: 'no-self-import',
        message: `${pkg.name} imports itself ('${spec}'): use a relative import`,
      });
      continue;
    }
    const allowed = isTest ? testMayUse(pkg.name, rule, target) : rule.runtime.includes(target);
    if (!allowed) {
      out.push({
        file: where,
        rule: isTest ? 'layer-test-import' : 'layer-import',
        message: `${pkg.name} (layer ${rule.layer}) imports '${spec}' (layer ${layerOf(target)}): ${isTest ? 'tests may only use lower or same-layer packages' : `${describeAllowed(pkg.name, rule)}; move the shared code down a layer or invert the dependency`}`,
      });
      continue;
    }
    const subpaths = rule.subpaths?.[target];
    if (!isTest && subpaths && !subpaths.includes(subpath)) {
      out.push({
        file: where,
        rule: 'layer-subpath',
        message: `${pkg.name} imports '${spec}': library code may only use ${subpaths.map((s) => (s === '.' ? target : `${target}/${s.slice(2)}`)).join(', ')}`,
      });
    }
  }
}

function testMayUse(self: string, rule: LayerRule, dep: string): boolean {
  if (dep === self) return false;
  const target = ruleFor(dep);
  if (target === undefined || dependsOn(dep, self)) return false;
  return (
    target.layer <= rule.layer || rule.runtime.includes(dep) || (rule.testOnly ?? []).includes(dep)
  );
}

/** True when `from` depends on `to` at run time, directly or through other packages. */
function dependsOn(from: string, to: string, seen = new Set<string>()): boolean {
  if (seen.has(from)) return false;
  seen.add(from);
  const deps = ruleFor(from)?.runtime ?? [];
  return deps.includes(to) || deps.some((d) => dependsOn(d, to, seen));
}

function layerOf(name: string): string {
  const r = ruleFor(name);
  return r ? String(r.layer) : 'unknown';
}

function describeAllowed(name: string, rule: LayerRule): string {
  return rule.runtime.length === 0
    ? `${name} may use no other @aiclient package`
    : `${name} may only use ${rule.runtime.join(', ')}`;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.[cm]?[jt]sx?$/.test(entry)) yield full;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
