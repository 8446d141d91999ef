import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../release/clean-env.ts';

describe('cleanEnv', () => {
  it('drops the settings npm/pnpm pass to scripts, keeps the rest, applies extras', () => {
    const env = cleanEnv(
      { npm_config_cache: '/tmp/cache', CI: undefined },
      {
        PATH: '/bin',
        CI: 'true',
        npm_config_local_prefix: '/path/to/aiclient',
        npm_package_name: 'aiclient-monorepo',
        npm_lifecycle_event: 'test',
        pnpm_config_verify_deps_before_run: 'false',
        INIT_CWD: '/path/to/aiclient',
        npm_config_registry: 'https://registry.npmjs.org/',
      },
    );
    expect(env).toEqual({
      PATH: '/bin',
      npm_config_registry: 'https://registry.npmjs.org/',
      npm_config_cache: '/tmp/cache',
      NPM_CONFIG_UPDATE_NOTIFIER: 'false',
      NPM_CONFIG_FUND: 'false',
      NPM_CONFIG_AUDIT: 'false',
    });
  });
});
