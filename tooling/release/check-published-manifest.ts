/** The registry's view of one published version (the fields checked). */
export interface PublishedManifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * Problems in a published manifest: a `workspace:` (or `link:`/`file:`) range, which no
 * consumer can install, or an internal dependency whose range excludes every published
 * version of it (`published` maps a name to its versions on the registry).
 */
export function checkPublishedManifest(
  manifest: PublishedManifest,
  published: ReadonlyMap<string, readonly string[]>,
): string[] {
  const problems: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      const where = `${manifest.name}@${manifest.version} ${field}.${dep}`;
      if (/^(workspace|link|file|portal):/.test(range)) {
        problems.push(`${where} is "${range}": not installable outside the workspace`);
        continue;
      }
      const versions = published.get(dep);
      if (versions !== undefined && !versions.some((v) => satisfiesSimpleRange(v, range))) {
        problems.push(
          `${where} is "${range}", which no published version (${versions.join(', ')}) satisfies`,
        );
      }
    }
  }
  return problems;
}

/**
 * Whether `version` satisfies `range` for the forms pnpm writes when it replaces
 * `workspace:*|^|~` (exact, `^x.y.z`, `~x.y.z`) and `*`; other ranges count as satisfied.
 */
export function satisfiesSimpleRange(version: string, range: string): boolean {
  const parse = (v: string): number[] | undefined => {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
    return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3])];
  };
  const v = parse(version);
  if (range === '*' || range === '' || v === undefined) return true;
  const operator = range[0] === '^' || range[0] === '~' ? range[0] : '';
  const base = parse(range.slice(operator.length));
  if (base === undefined) return true;
  const [vMajor = 0, vMinor = 0, vPatch = 0] = v;
  const [bMajor = 0, bMinor = 0, bPatch = 0] = base;
  const cmp = vMajor - bMajor || vMinor - bMinor || vPatch - bPatch;
  if (operator === '') return cmp === 0;
  if (cmp < 0) return false;
  if (operator === '~') return vMajor === bMajor && vMinor === bMinor;
  // Caret: the left-most non-zero part is fixed.
  if (bMajor > 0) return vMajor === bMajor;
  if (bMinor > 0) return vMajor === 0 && vMinor === bMinor;
  return vMajor === 0 && vMinor === 0 && vPatch === bPatch;
}
