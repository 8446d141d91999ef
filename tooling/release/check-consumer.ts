import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv } from './clean-env.ts';
import type { ConsumerTypechecker } from './create-consumer-typechecker.ts';
import type { InstallRule } from './install-rules.ts';
import { type InstallFootprint, measureInstall } from './measure-install.ts';
import type { PackageProbe } from './package-probes.ts';
import { errorSummary, outputTail, runCommand } from './run-command.ts';

/** The package managers a consumer may use. */
export type PackageManager = 'npm' | 'pnpm';

/** Options of {@link checkConsumer}. */
export interface CheckConsumerOptions {
  /** Name of the package under test, e.g. `@aiclient/errors`. */
  packageName: string;
  /** What to install: `name@version` from the registry, or an absolute tarball path. */
  installSpec: string;
  manager: PackageManager;
  /** A folder that does not exist yet, outside any workspace. */
  dir: string;
  /** Registry serving the package's scope, written to the project's `.npmrc`. */
  scopeRegistry?: { scope: string; url: string };
  /** Shared throwaway npm cache, so nothing lands in the user's. */
  npmCacheDir: string;
  /** Shared throwaway pnpm store, so nothing lands in the user's. */
  pnpmStoreDir: string;
  /** Typechecks the scratch consumer (see `createConsumerTypechecker`). */
  typecheck: ConsumerTypechecker;
  probe?: PackageProbe | undefined;
  rule?: InstallRule | undefined;
  /** Let npm/pnpm only use their cache (tests of local tarballs without dependencies). */
  offline?: boolean;
  /** Kills any single step after this long. @default 120000 */
  stepTimeoutMs?: number;
}

/** One named step of a consumer check. */
export interface ConsumerStep {
  name: string;
  ok: boolean;
  /** Why it failed, or a note (e.g. skipped for a missing optional peer). */
  detail?: string;
}

/** Outcome of {@link checkConsumer}. */
export interface ConsumerReport {
  packageName: string;
  manager: PackageManager;
  ok: boolean;
  steps: ConsumerStep[];
  warnings: string[];
  footprint?: InstallFootprint;
  durationMs: number;
  /** Where the time went: install, node runs, typecheck (ms). */
  phases: { install: number; run: number; typecheck: number };
}

interface LoadedEntry {
  names: string[];
  functions: string[];
  /** The probe's outcome, when the script ran one. */
  probe?: { ok: boolean; error?: string };
}

const MISSING_MODULE = /Cannot find (?:package|module) '([^']+)'/;

/**
 * Installs one package alone in a fresh project with npm or pnpm, then checks it the way a user
 * would meet it: ESM `import` and CJS `require` of every entry in its `exports` map, one real
 * function call, a TypeScript consumer under `moduleResolution` node16 and bundler, and what the
 * install pulled in. Returns a report; never throws for a failing check.
 */
export async function checkConsumer(options: CheckConsumerOptions): Promise<ConsumerReport> {
  const started = Date.now();
  const { packageName, manager, dir, probe, rule } = options;
  const steps: ConsumerStep[] = [];
  const warnings: string[] = [];
  const report = (): ConsumerReport => ({
    packageName,
    manager,
    ok: steps.every((s) => s.ok),
    steps,
    warnings,
    ...(footprint === undefined ? {} : { footprint }),
    durationMs: Date.now() - started,
    phases,
  });
  const phases = { install: 0, run: 0, typecheck: 0 };
  let footprint: InstallFootprint | undefined;
  const timeoutMs = options.stepTimeoutMs ?? 120_000;
  const env = cleanEnv({
    npm_config_cache: options.npmCacheDir,
    NPM_CONFIG_CACHE: undefined,
    // CI mode changes pnpm's defaults (frozen lockfile): install as on a user's machine.
    CI: undefined,
  });

  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'release-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  const npmrc = [`store-dir=${options.pnpmStoreDir}`, `cache=${options.npmCacheDir}`];
  if (options.scopeRegistry !== undefined) {
    npmrc.push(`${options.scopeRegistry.scope}:registry=${options.scopeRegistry.url}`);
  }
  writeFileSync(join(dir, '.npmrc'), `${npmrc.join('\n')}\n`);

  const offline = options.offline === true ? ['--offline'] : [];
  const install =
    manager === 'npm'
      ? await runCommand(
          'npm',
          [
            'install',
            '--no-audit',
            '--no-fund',
            '--ignore-scripts',
            '--loglevel=error',
            ...offline,
            options.installSpec,
          ],
          { cwd: dir, env, timeoutMs },
        )
      : await runCommand(
          'pnpm',
          ['add', '--ignore-scripts', '--reporter=silent', ...offline, options.installSpec],
          { cwd: dir, env, timeoutMs },
        );
  phases.install = install.durationMs;
  steps.push(
    install.status === 0
      ? { name: `${manager} install`, ok: true }
      : { name: `${manager} install`, ok: false, detail: outputTail(install) },
  );
  if (install.status !== 0) return report();

  footprint = measureInstall(dir);
  steps.push(checkFootprint(packageName, footprint, rule));

  let manifest: {
    exports?: Record<string, unknown>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  try {
    manifest = JSON.parse(
      readFileSync(join(dir, 'node_modules', packageName, 'package.json'), 'utf8'),
    );
  } catch (error) {
    steps.push({ name: 'installed manifest', ok: false, detail: (error as Error).message });
    return report();
  }
  const optionalPeers = new Set(
    Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional === true)
      .map(([name]) => name),
  );
  const subpaths = Object.keys(manifest.exports ?? { '.': {} }).filter(
    (s) => s !== './package.json' && !s.includes('*'),
  );

  const roots: Partial<Record<'esm' | 'cjs', LoadedEntry>> = {};
  const typedSpecifiers: string[] = [];
  for (const [index, subpath] of subpaths.entries()) {
    const specifier = subpath === '.' ? packageName : `${packageName}/${subpath.slice(2)}`;
    let peerSkip = false;
    for (const kind of ['esm', 'cjs'] as const) {
      const file = `load-${index}.${kind === 'esm' ? 'mjs' : 'cjs'}`;
      // The root entry's script also runs the probe: one Node start per module system.
      writeFileSync(
        join(dir, file),
        loadScript(kind, specifier, subpath === '.' ? probe : undefined),
      );
      const name = `${kind === 'esm' ? 'import' : 'require'}('${specifier}')`;
      const run = await runCommand('node', [file], { cwd: dir, env, timeoutMs });
      const loaded = parseLoaded(run.stdout);
      if (loaded === undefined) {
        const missing = MISSING_MODULE.exec(run.stderr)?.[1];
        const peer = missing === undefined ? undefined : bareName(missing);
        if (subpath !== '.' && peer !== undefined && optionalPeers.has(peer)) {
          peerSkip = true;
          steps.push({ name, ok: true, detail: `needs optional peer ${peer} (not installed)` });
          continue;
        }
        steps.push({ name, ok: false, detail: errorSummary(run) });
        continue;
      }
      if (loaded.names.length === 0) {
        steps.push({ name, ok: false, detail: 'the entry exports nothing' });
        continue;
      }
      steps.push({ name, ok: true });
      if (subpath === '.') {
        if (loaded.probe === undefined && run.status !== 0) {
          loaded.probe = { ok: false, error: errorSummary(run) };
        }
        roots[kind] = loaded;
      }
    }
    if (peerSkip) {
      warnings.push(
        `${specifier}: loads only with its optional peers installed; not typechecked here`,
      );
    } else {
      typedSpecifiers.push(specifier);
    }
  }
  const root = roots.esm ?? roots.cjs;

  const typecheckStarted = Date.now();
  const typed = typecheck({
    dir,
    options,
    typedSpecifiers,
    probeExport: root === undefined ? undefined : probeExportOf(probe, root),
  });
  phases.typecheck = Date.now() - typecheckStarted;
  steps.push(...probeSteps({ packageName, probe, roots, warnings }), ...typed);
  phases.run = Date.now() - started - phases.install - phases.typecheck;
  return report();
}

/** The export the typecheck binds: the probe's, else the first function exported. */
function probeExportOf(probe: PackageProbe | undefined, root: LoadedEntry): string | undefined {
  return probe !== undefined && root.functions.includes(probe.exportName)
    ? probe.exportName
    : root.functions[0];
}

function checkFootprint(
  packageName: string,
  footprint: InstallFootprint,
  rule: InstallRule | undefined,
): ConsumerStep {
  const problems: string[] = [];
  if (!footprint.packages.includes(packageName)) problems.push(`${packageName} is not installed`);
  const thirdParty = footprint.packages.filter((n) => !n.startsWith('@aiclient/'));
  if (rule?.maxDependencies !== undefined && thirdParty.length > rule.maxDependencies) {
    problems.push(
      `installs ${thirdParty.length} third-party package(s) (at most ${rule.maxDependencies}): ${thirdParty.join(', ')}`,
    );
  }
  for (const { pattern, reason } of rule?.forbidden ?? []) {
    const hits = footprint.packages.filter((n) => pattern.test(n));
    if (hits.length > 0) problems.push(`pulls in ${hits.join(', ')}: ${reason}`);
  }
  return problems.length === 0
    ? { name: 'install footprint', ok: true }
    : { name: 'install footprint', ok: false, detail: problems.join('; ') };
}

interface ProbeInput {
  packageName: string;
  probe: PackageProbe | undefined;
  roots: Partial<Record<'esm' | 'cjs', LoadedEntry>>;
  warnings: string[];
}

/** Steps for the probe call (ESM and CJS); falls back to "exports a function" with a warning. */
function probeSteps({ packageName, probe, roots, warnings }: ProbeInput): ConsumerStep[] {
  const root = roots.esm ?? roots.cjs;
  if (root === undefined) return [];
  if (probe === undefined || !root.functions.includes(probe.exportName)) {
    warnings.push(
      probe === undefined
        ? `${packageName}: no probe in tooling/release/package-probes.ts; checked that it exports a function`
        : `${packageName}: probe export '${probe.exportName}' not found; checked that it exports a function (update tooling/release/package-probes.ts)`,
    );
    const first = root.functions[0];
    return [
      first === undefined
        ? {
            name: 'exports a function',
            ok: false,
            detail: `exports ${root.names.join(', ')}, none a function`,
          }
        : { name: 'exports a function', ok: true, detail: first },
    ];
  }
  const steps: ConsumerStep[] = [];
  for (const kind of ['esm', 'cjs'] as const) {
    const loaded = roots[kind];
    if (loaded === undefined) continue;
    const name = `${probe.call === '' ? 'has' : 'calls'} ${probe.exportName} (${kind.toUpperCase()})`;
    const result = loaded.probe ?? { ok: false, error: 'the probe did not run' };
    steps.push(
      result.ok
        ? { name, ok: true, detail: probe.description }
        : { name, ok: false, detail: result.error ?? 'failed' },
    );
  }
  return steps;
}

/**
 * A script that loads one entry, prints its export names after `@@loaded`, then (root entry)
 * calls the probe and prints `@@probe ok` or `@@probe failed <message>`.
 */
function loadScript(
  kind: 'esm' | 'cjs',
  specifier: string,
  probe: PackageProbe | undefined,
): string {
  const lines = [
    kind === 'esm'
      ? `const m = await import(${JSON.stringify(specifier)});`
      : `const m = require(${JSON.stringify(specifier)});`,
    "const names = Object.keys(m).filter((n) => n !== 'default' && n !== '__esModule');",
    "console.log('@@loaded ' + JSON.stringify({ names, functions: names.filter((n) => typeof m[n] === 'function') }));",
  ];
  if (probe !== undefined) {
    const call = [
      `const fn = m[${JSON.stringify(probe.exportName)}];`,
      "if (typeof fn === 'function') {",
      '  try {',
      probe.call,
      "    console.log('@@probe ok');",
      '  } catch (error) {',
      "    console.log('@@probe failed ' + JSON.stringify(String(error?.stack ?? error)));",
      '  }',
      '}',
    ];
    lines.push(...(kind === 'esm' ? call : ['(async () => {', ...call, '})();']));
  }
  return `${lines.join('\n')}\n`;
}

interface TypecheckInput {
  dir: string;
  options: CheckConsumerOptions;
  typedSpecifiers: string[];
  probeExport: string | undefined;
}

/** Typechecks a small consumer under node16 (ESM + CJS files) and bundler resolution. */
function typecheck({ dir, options, typedSpecifiers, probeExport }: TypecheckInput): ConsumerStep[] {
  if (typedSpecifiers.length === 0) return [];
  const esm = typedSpecifiers.map(
    (s, i) =>
      `import * as entry${i} from '${s}';\nexport const names${i}: string[] = Object.keys(entry${i});`,
  );
  const cjs = typedSpecifiers.map(
    (s, i) =>
      `import entry${i} = require('${s}');\nexport const names${i}: string[] = Object.keys(entry${i});`,
  );
  if (probeExport !== undefined && typedSpecifiers.includes(options.packageName)) {
    const name = options.packageName;
    esm.push(
      `import { ${probeExport} as probed } from '${name}';`,
      'export const probe: (...args: never[]) => unknown = probed;',
    );
    cjs.push(
      `import probedEntry = require('${name}');`,
      `export const probe: (...args: never[]) => unknown = probedEntry.${probeExport};`,
    );
  }
  writeFileSync(join(dir, 'consumer.ts'), `${esm.join('\n')}\n`);
  writeFileSync(join(dir, 'consumer-cjs.cts'), `${cjs.join('\n')}\n`);
  const steps: ConsumerStep[] = [];
  for (const resolution of ['node16', 'bundler'] as const) {
    const name = `tsc (moduleResolution ${resolution})`;
    // node16 also checks the CommonJS consumer (the package's "require" types).
    const files = resolution === 'node16' ? ['consumer.ts', 'consumer-cjs.cts'] : ['consumer.ts'];
    try {
      const errors = options.typecheck(dir, resolution, files);
      steps.push(
        errors.length === 0 ? { name, ok: true } : { name, ok: false, detail: errors.join('\n') },
      );
    } catch (error) {
      steps.push({ name, ok: false, detail: (error as Error).message });
    }
  }
  return steps;
}

function parseLoaded(stdout: string): LoadedEntry | undefined {
  let loaded: LoadedEntry | undefined;
  for (const line of stdout.split('\n')) {
    try {
      if (line.startsWith('@@loaded ')) loaded = JSON.parse(line.slice(9)) as LoadedEntry;
      else if (loaded !== undefined && line === '@@probe ok') loaded.probe = { ok: true };
      else if (loaded !== undefined && line.startsWith('@@probe failed ')) {
        loaded.probe = { ok: false, error: JSON.parse(line.slice(15)) as string };
      }
    } catch {
      // A line that only looks like ours: ignore it.
    }
  }
  return loaded;
}

/** `winston/lib/x` -> `winston`; `@scope/a/b` -> `@scope/a`; paths -> undefined. */
function bareName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:')) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
