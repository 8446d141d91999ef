import { type PackageManifest, runtimeWorkspaceDependencies } from './read-workspace-packages.ts';

/** A semver bump a changeset can ask for. */
export type BumpType = 'major' | 'minor' | 'patch';

/** One package's version before and after `changeset version`. */
export interface VersionChange {
  name: string;
  private: boolean;
  before: string;
  after: string;
}

/** Outcome of {@link checkIndependentVersioning}. */
export interface VersioningReport {
  changes: VersionChange[];
  problems: string[];
}

/** `1.2.3` bumped by `type` (pre-release tags dropped, as changesets does outside pre mode). */
export function bumpVersion(version: string, type: BumpType): string {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (match === null) throw new Error(`not a semver version: ${version}`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (type === 'major') return `${major + 1}.0.0`;
  if (type === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * Checks what `changeset version` did with one changeset bumping only `target`: the target
 * moves by `type`; every public package that depends on it at run time through `workspace:*`
 * (an exact pin after publishing, so the new version leaves its range) gets the patch bump
 * `updateInternalDependencies: "patch"` gives, as do their own dependents; private packages and
 * packages that do not depend on the target keep their versions.
 */
export function checkIndependentVersioning(
  before: readonly PackageManifest[],
  after: readonly PackageManifest[],
  target: string,
  type: BumpType,
): VersioningReport {
  const problems: string[] = [];
  const names = new Set(before.map((m) => m.name));
  const afterByName = new Map(after.map((m) => [m.name, m]));
  const changes: VersionChange[] = before.map((m) => ({
    name: m.name,
    private: m.private === true,
    before: m.version,
    after: afterByName.get(m.name)?.version ?? '(missing)',
  }));

  // Packages that must move: the target, then (transitively) workspace:* runtime dependents.
  const mustBump = new Set([target]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of before) {
      if (m.private === true || mustBump.has(m.name)) continue;
      const pinned = runtimeWorkspaceDependencies(m, names).filter((dep) => {
        const range =
          m.dependencies?.[dep] ?? m.peerDependencies?.[dep] ?? m.optionalDependencies?.[dep];
        return mustBump.has(dep) && range === 'workspace:*';
      });
      if (pinned.length > 0) {
        mustBump.add(m.name);
        grew = true;
      }
    }
  }
  // Packages that may move: anything depending on the target at run time, however indirectly.
  const mayBump = new Set([target]);
  grew = true;
  while (grew) {
    grew = false;
    for (const m of before) {
      if (mayBump.has(m.name)) continue;
      if (runtimeWorkspaceDependencies(m, names).some((dep) => mayBump.has(dep))) {
        mayBump.add(m.name);
        grew = true;
      }
    }
  }

  for (const c of changes) {
    const moved = c.before !== c.after;
    if (c.name === target) {
      const expected = bumpVersion(c.before, type);
      if (c.after !== expected)
        problems.push(`${c.name}: ${c.before} -> ${c.after}, expected ${expected} (${type})`);
    } else if (c.private) {
      if (moved)
        problems.push(`${c.name} is private but was versioned (${c.before} -> ${c.after})`);
    } else if (mustBump.has(c.name)) {
      const expected = bumpVersion(c.before, 'patch');
      if (c.after !== expected) {
        problems.push(
          `${c.name} depends on ${target} and should be ${expected} (patch), is ${c.after}`,
        );
      }
    } else if (moved && !mayBump.has(c.name)) {
      problems.push(`${c.name} does not depend on ${target} but moved ${c.before} -> ${c.after}`);
    }
  }
  return { changes, problems };
}
