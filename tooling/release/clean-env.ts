/**
 * Settings of the package-manager run that started this script (`npm test` sets
 * `npm_config_local_prefix`, `npm_package_*` ...). Passed on, they would make npm or pnpm in a
 * scratch project act on the workspace instead, so they are dropped.
 */
const INHERITED_PACKAGE_MANAGER_VARIABLE = /^(npm|pnpm)_(config|package|lifecycle)_|^INIT_CWD$/i;

/** Variables kept anyway: where the machine's registry and cache are. */
const KEPT = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);

/**
 * A copy of `env` without inherited npm/pnpm settings, with notifier, audit and fund noise off,
 * plus `extra` (later wins).
 */
export function cleanEnv(
  extra: Record<string, string | undefined> = {},
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (INHERITED_PACKAGE_MANAGER_VARIABLE.test(name) && !KEPT.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  Object.assign(out, {
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    NPM_CONFIG_FUND: 'false',
    NPM_CONFIG_AUDIT: 'false',
  });
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}
