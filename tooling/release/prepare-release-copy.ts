import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cleanEnv } from './clean-env.ts';
import { readWorkspacePackages } from './read-workspace-packages.ts';
import { outputTail, runCommand } from './run-command.ts';

/** Options of {@link prepareReleaseCopy}. */
export interface PrepareReleaseCopyOptions {
  /** The real workspace (read only). */
  root: string;
  /** Folder to create the copy in. */
  dest: string;
  /** The local registry every `@aiclient/*` publish goes to. */
  registryUrl: string;
  /** Throwaway user-level `.npmrc` so the user's own is never read. */
  userNpmrc: string;
}

/** A ready copy: a git repository on `main` whose packages can be versioned and published. */
export interface ReleaseCopy {
  dir: string;
  /** Environment for npm, pnpm and changesets in the copy. */
  env: NodeJS.ProcessEnv;
  /** Pending changesets of the real workspace left out of the copy. */
  droppedChangesets: string[];
}

const SKIPPED = new Set(['node_modules', '.turbo', '.test-results.json', 'coverage', '.tmp']);

/**
 * Copies the workspace as it is now (built `dist` included; public packages whole, private ones
 * by their package.json), drops pending changesets so only the check's own applies, points the
 * `@aiclient` scope at the local registry with a dummy token, installs workspace links from the
 * local store, and commits everything on `main` (changesets compares with that branch).
 */
export async function prepareReleaseCopy({
  root,
  dest,
  registryUrl,
  userNpmrc,
}: PrepareReleaseCopyOptions): Promise<ReleaseCopy> {
  mkdirSync(dest, { recursive: true });
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', '.gitignore']) {
    cpSync(join(root, file), join(dest, file));
  }
  cpSync(join(root, '.changeset'), join(dest, '.changeset'), { recursive: true });
  const droppedChangesets = readdirSync(join(dest, '.changeset')).filter(
    (f) => f.endsWith('.md') && f !== 'README.md',
  );
  for (const f of droppedChangesets) rmSync(join(dest, '.changeset', f));
  for (const { dir, manifest } of readWorkspacePackages(root)) {
    if (manifest.private === true) {
      mkdirSync(join(dest, dir), { recursive: true });
      cpSync(join(root, dir, 'package.json'), join(dest, dir, 'package.json'));
    } else {
      cpSync(join(root, dir), join(dest, dir), {
        recursive: true,
        filter: (src) => !SKIPPED.has(basename(src)),
      });
    }
  }
  const host = new URL(registryUrl).host;
  writeFileSync(
    join(dest, '.npmrc'),
    `@aiclient:registry=${registryUrl}\n//${host}/:_authToken=release-check-dummy-token\n`,
  );
  writeFileSync(userNpmrc, '');
  const env = cleanEnv({
    npm_config_userconfig: userNpmrc,
    NPM_CONFIG_USERCONFIG: undefined,
    GIT_AUTHOR_NAME: 'release check',
    GIT_AUTHOR_EMAIL: 'release-check@localhost',
    GIT_COMMITTER_NAME: 'release check',
    GIT_COMMITTER_EMAIL: 'release-check@localhost',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  });
  // pnpm publish resolves every workspace:* (devDependencies too) through the installed links,
  // so install the public packages' links, from the local store first.
  const install = await runCommand(
    'pnpm',
    [
      'install',
      '--prefer-offline',
      '--no-frozen-lockfile',
      '--ignore-scripts',
      '--filter',
      './packages/**',
      '--reporter=silent',
    ],
    { cwd: dest, env, timeoutMs: 180_000 },
  );
  if (install.status !== 0)
    throw new Error(`pnpm install in the copy failed:\n${outputTail(install)}`);
  await git(dest, env, ['init', '-q', '-b', 'main']);
  await git(dest, env, ['add', '-A']);
  await git(dest, env, [
    'commit',
    '-q',
    '--no-gpg-sign',
    '-m',
    'release check: workspace as found',
  ]);
  return { dir: dest, env, droppedChangesets };
}

/** Runs git in the copy, throwing with its output on failure. */
export async function git(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  const r = await runCommand('git', args, { cwd, env, timeoutMs: 60_000 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${outputTail(r)}`);
}
