import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type ConsumerReport, checkConsumer, type PackageManager } from './check-consumer.ts';
import {
  type BumpType,
  checkIndependentVersioning,
  type VersioningReport,
} from './check-independent-versioning.ts';
import { checkPublishedManifest, type PublishedManifest } from './check-published-manifest.ts';
import { createConsumerTypechecker } from './create-consumer-typechecker.ts';
import { findNodeTypeRoots } from './find-node-type-roots.ts';
import { INSTALL_RULES } from './install-rules.ts';
import { PACKAGE_PROBES } from './package-probes.ts';
import { git, prepareReleaseCopy } from './prepare-release-copy.ts';
import { readTarballStats } from './read-tarball-stats.ts';
import { type PackageManifest, readWorkspacePackages } from './read-workspace-packages.ts';
import { outputTail, runCommand } from './run-command.ts';
import { type LocalRegistry, startVerdaccio } from './start-verdaccio.ts';

/** Options of {@link runReleaseCheck}. */
export interface ReleaseCheckOptions {
  /** The workspace root. */
  root: string;
  /** Package the test changeset bumps alone. @default '@aiclient/errors' */
  bumpPackage?: string;
  /** @default 'minor' */
  bumpType?: BumpType;
  /** Package managers each package is installed with. @default ['npm', 'pnpm'] */
  managers?: readonly PackageManager[];
  /** Scratch installs run at once. @default 2 */
  concurrency?: number;
  /** Progress lines. @default console.log */
  log?: (line: string) => void;
}

/** One published package as the registry holds it after the check. */
export interface PublishedPackage {
  name: string;
  versions: string[];
  latest: string;
  /** Bytes of the latest version's tarball. */
  packedBytes: number;
  /** Bytes of the files in that tarball. */
  unpackedBytes: number;
  fileCount: number;
  /** Runtime dependencies declared (dependencies + required peers). */
  declaredDependencies: string[];
  manifestProblems: string[];
}

/** Everything the check found; `ok` is the verdict. */
export interface ReleaseCheckReport {
  ok: boolean;
  problems: string[];
  warnings: string[];
  versioning?: VersioningReport;
  published: PublishedPackage[];
  consumers: ConsumerReport[];
  droppedChangesets: string[];
  timings: Record<string, number>;
}

/**
 * The release check: a throwaway Verdaccio, a temporary copy of the workspace where a changeset
 * bumping one package is versioned and every public package is published with
 * `changeset publish`, then scratch projects installing each package alone with npm and pnpm.
 * Verdaccio is stopped by its process id and the temp folder removed, whatever happens.
 */
export async function runReleaseCheck({
  root,
  bumpPackage = '@aiclient/errors',
  bumpType = 'minor',
  managers = ['npm', 'pnpm'],
  concurrency = 2,
  log = console.log,
}: ReleaseCheckOptions): Promise<ReleaseCheckReport> {
  const report: ReleaseCheckReport = {
    ok: false,
    problems: [],
    warnings: [],
    published: [],
    consumers: [],
    droppedChangesets: [],
    timings: {},
  };
  const work = mkdtempSync(join(tmpdir(), 'aiclient-release-'));
  let registry: LocalRegistry | undefined;
  // Last resort if this process is ended before `finally` runs: the server dies with it.
  const killRegistry = (): void => {
    if (registry !== undefined) {
      try {
        process.kill(registry.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    killRegistry();
    rmSync(work, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', killRegistry);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const time = async <T>(label: string, task: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    log(`▶ ${label}`);
    try {
      return await task();
    } finally {
      report.timings[label] = Date.now() - started;
    }
  };
  try {
    registry = await time('start Verdaccio', () =>
      startVerdaccio({ workDir: join(work, 'registry') }),
    );
    log(`  Verdaccio ${registry.url} (pid ${registry.pid}), storage ${registry.storageDir}`);
    const reg = registry;
    const copy = await time('copy the workspace, install links, git init', () =>
      prepareReleaseCopy({
        root,
        dest: join(work, 'repo'),
        registryUrl: reg.url,
        userNpmrc: join(work, 'user.npmrc'),
      }),
    );
    report.droppedChangesets = copy.droppedChangesets;
    const changeset = join(root, 'node_modules', '.bin', 'changeset');
    const publish = async (label: string): Promise<void> => {
      const r = await time(label, () =>
        runCommand(changeset, ['publish'], { cwd: copy.dir, env: copy.env, timeoutMs: 180_000 }),
      );
      if (r.status !== 0) throw new Error(`${label} failed:\n${outputTail(r, 40)}`);
    };
    const before = readWorkspacePackages(copy.dir).map((p) => p.manifest);
    await time(`changeset version (one changeset: ${bumpPackage} ${bumpType})`, async () => {
      writeFileSync(
        join(copy.dir, '.changeset', 'release-check.md'),
        `---\n"${bumpPackage}": ${bumpType}\n---\n\nRelease check: bump ${bumpPackage} alone.\n`,
      );
      await git(copy.dir, copy.env, ['add', '-A']);
      await git(copy.dir, copy.env, [
        'commit',
        '-q',
        '--no-gpg-sign',
        '-m',
        'release check changeset',
      ]);
      const r = await runCommand(changeset, ['version'], { cwd: copy.dir, env: copy.env });
      if (r.status !== 0) throw new Error(`changeset version failed:\n${outputTail(r)}`);
    });
    const after = readWorkspacePackages(copy.dir).map((p) => p.manifest);
    report.versioning = checkIndependentVersioning(before, after, bumpPackage, bumpType);
    report.problems.push(...report.versioning.problems);
    await publish('changeset publish (every public package)');

    report.published = await time('read the registry', () =>
      readPublished(reg, after, report.problems),
    );

    const typecheck = createConsumerTypechecker(findNodeTypeRoots());
    const jobs = report.published.flatMap((p) => managers.map((manager) => ({ p, manager })));
    report.consumers = await time(
      `install each package alone (${managers.join(', ')}) and use it`,
      () =>
        mapConcurrent(jobs, concurrency, async ({ p, manager }) => {
          const result = await checkConsumer({
            packageName: p.name,
            installSpec: `${p.name}@${p.latest}`,
            manager,
            dir: join(work, 'consumers', `${manager}-${basename(p.name)}`),
            scopeRegistry: { scope: '@aiclient', url: reg.url },
            npmCacheDir: join(work, 'npm-cache'),
            pnpmStoreDir: join(work, 'pnpm-store'),
            typecheck,
            probe: PACKAGE_PROBES[p.name],
            rule: INSTALL_RULES[p.name],
          });
          log(
            `  ${result.ok ? 'ok  ' : 'FAIL'} ${manager} ${p.name}@${p.latest} (${seconds(result.durationMs)}: install ${seconds(result.phases.install)}, node ${seconds(result.phases.run)}, tsc ${seconds(result.phases.typecheck)})`,
          );
          return result;
        }),
    );
    for (const c of report.consumers) {
      report.warnings.push(...c.warnings.map((w) => `${c.manager}: ${w}`));
      for (const s of c.steps.filter((step) => !step.ok)) {
        report.problems.push(
          `${c.manager} consumer of ${c.packageName}: ${s.name}: ${s.detail ?? ''}`,
        );
      }
    }
  } catch (error) {
    report.problems.push((error as Error).message);
  } finally {
    if (registry !== undefined) {
      const pid = registry.pid;
      await registry.stop();
      log(`  Verdaccio (pid ${pid}) stopped`);
    }
    process.off('exit', killRegistry);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    rmSync(work, { recursive: true, force: true });
  }
  report.warnings = [...new Set(report.warnings)];
  report.ok = report.problems.length === 0;
  return report;
}

async function readPublished(
  registry: LocalRegistry,
  after: readonly PackageManifest[],
  problems: string[],
): Promise<PublishedPackage[]> {
  const publicPackages = after.filter((m) => m.private !== true);
  const packuments = new Map<string, Packument>();
  for (const m of publicPackages) {
    const response = await fetch(`${registry.url}${m.name.replace('/', '%2f')}`);
    if (!response.ok) {
      problems.push(`${m.name} is not on the local registry (HTTP ${response.status})`);
      continue;
    }
    packuments.set(m.name, (await response.json()) as Packument);
  }
  // Private packages must never reach a registry.
  for (const m of after.filter((p) => p.private === true && p.name.startsWith('@aiclient/'))) {
    const response = await fetch(`${registry.url}${m.name.replace('/', '%2f')}`);
    if (response.ok) problems.push(`${m.name} is private but was published`);
  }
  const versionsByName = new Map(
    [...packuments].map(([name, p]) => [name, Object.keys(p.versions)] as const),
  );
  const out: PublishedPackage[] = [];
  for (const m of publicPackages) {
    const packument = packuments.get(m.name);
    if (packument === undefined) continue;
    const versions = Object.keys(packument.versions);
    if (versions.join() !== m.version) {
      problems.push(`${m.name}: registry has ${versions.join(', ')}, expected ${m.version} only`);
    }
    const latest = packument['dist-tags'].latest ?? m.version;
    const manifest = packument.versions[latest];
    if (manifest === undefined) continue;
    const manifestProblems = checkPublishedManifest(manifest, versionsByName);
    problems.push(...manifestProblems);
    const tarball = join(
      registry.storageDir,
      m.name,
      basename(new URL(manifest.dist.tarball).pathname),
    );
    const optionalPeers = new Set(
      Object.entries(manifest.peerDependenciesMeta ?? {})
        .filter(([, meta]) => meta.optional === true)
        .map(([name]) => name),
    );
    if (!existsSync(tarball)) {
      problems.push(`${m.name}@${latest}: tarball missing from the registry storage`);
      continue;
    }
    const stats = readTarballStats(tarball);
    out.push({
      name: m.name,
      versions,
      latest,
      packedBytes: stats.packedBytes,
      unpackedBytes: stats.unpackedBytes,
      fileCount: stats.fileCount,
      declaredDependencies: [
        ...Object.entries(manifest.dependencies ?? {}).map(([n, r]) => `${n}@${r}`),
        ...Object.entries(manifest.peerDependencies ?? {})
          .filter(([n]) => !optionalPeers.has(n))
          .map(([n, r]) => `${n}@${r} (peer)`),
      ],
      manifestProblems,
    });
  }
  return out;
}

interface Packument {
  'dist-tags': Record<string, string | undefined>;
  versions: Record<
    string,
    PublishedManifest & {
      dist: { tarball: string };
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    }
  >;
}

async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
