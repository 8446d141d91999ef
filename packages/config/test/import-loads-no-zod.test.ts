// Acceptance: importing the built package does not load zod (it costs tens of milliseconds);
// the key helpers work without it, and the first schema use (loadConfig) loads it. Checked in a
// fresh Node process against the built package (run `build` first), in ESM and CJS.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

// Two independent signals that zod was loaded: a resolve hook seeing any file of the zod package
// (import or require; `null` on a Node without module.registerHooks), and the registry zod puts
// on globalThis when it loads.
const probe = (load: string) => `
const { registerHooks } = await import('node:module');
const urls = [];
const hooked = typeof registerHooks === 'function';
if (hooked) {
  registerHooks({
    resolve(specifier, context, next) {
      const result = next(specifier, context);
      urls.push(result.url);
      return result;
    },
  });
}
const zodLoaded = () => ({
  resolved: hooked ? urls.some((url) => /[\\\\/]node_modules[\\\\/]zod[\\\\/]/.test(url)) : null,
  registry: '__zod_globalRegistry' in globalThis,
});
const config = ${load};
const afterImport = zodLoaded();
const key = 'sk-proj-' + 'A1b2C3'.repeat(26) + 'AAAA';
const helpers = {
  keyId: config.keyId(key),
  masked: config.maskApiKey(key),
  explained: config.explainApiKey(key).valid,
  validated: config.validateApiKey('sk-short'),
  provider: config.inferProvider('https://api.openai.com/v1'),
  loopback: config.isLoopbackURL('http://127.0.0.1:9/v1'),
  safe: config.getClientConfig({ apiKey: key, apiKeys: [key], fallbackModels: [], baseURL: 'https://api.openai.com/v1' }).keyIds,
  verified: (await config.verifyApiKey(key, { fetch: async () => new Response('{}', { status: 401 }) })).status,
};
const afterHelpers = zodLoaded();
const settings = config.loadConfig({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', AICLIENT_TIMEOUT_MS: '1500' } });
const afterLoadConfig = zodLoaded();
let issue;
try {
  config.loadConfig({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', AICLIENT_MAX_ATTEMPTS: '0' } });
} catch (error) {
  issue = { code: error.code, path: error.issues[0].path };
}
console.log(JSON.stringify({
  exports: Object.keys(config).length,
  afterImport, afterHelpers, afterLoadConfig, helpers, issue,
  settings: { timeoutMs: settings.timeoutMs, provider: settings.provider, model: settings.model },
  schemaParse: config.settingsSchema.shape.maxAttempts.parse('4'),
  jsonSchemaTitle: config.settingsJsonSchema.title,
  documented: config.settingsDocumentation().length,
}));
`;

function run(source: string, type: 'module' | 'commonjs') {
  const result = spawnSync(process.execPath, [`--input-type=${type}`, '-e', source], {
    encoding: 'utf8',
    timeout: 15_000,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('importing the built package', () => {
  it.each([
    ['ESM', 'module' as const, 'index.js'],
    ['CJS', 'commonjs' as const, 'index.cjs'],
  ])('%s: loads no zod until the first loadConfig, which then works', (_name, type, file) => {
    const entry = `${dist}${file}`;
    expect(existsSync(entry), `${entry} is missing: build the package first`).toBe(true);
    const target = JSON.stringify(type === 'module' ? pathToFileURL(entry).href : entry);
    const source =
      type === 'module'
        ? probe(`await import(${target})`)
        : `(async () => {${probe(`require(${target})`)}})().catch((error) => { console.error(error); process.exitCode = 1; });`;
    const result = run(source, type);
    expect(result.exports).toBeGreaterThan(10);
    const hooked = typeof result.afterLoadConfig.resolved === 'boolean';
    const none = { resolved: hooked ? false : null, registry: false };
    expect(result.afterImport).toEqual(none);
    expect(result.afterHelpers).toEqual(none);
    expect(result.helpers).toEqual({
      keyId: expect.stringMatching(/^key_[0-9a-f]{8}$/),
      masked: 'sk-...AAAA',
      explained: true,
      validated: false,
      provider: 'openai',
      loopback: true,
      safe: [result.helpers.keyId],
      verified: 'invalid',
    });
    // The positive control: the same signals do see zod once the schema is used.
    expect(result.afterLoadConfig).toEqual({ resolved: hooked ? true : null, registry: true });
    expect(result.settings).toEqual({
      timeoutMs: 1500,
      provider: 'compatible',
      model: 'gpt-4o-mini',
    });
    expect(result.issue).toEqual({ code: 'AI-CONFIG-001', path: 'maxAttempts' });
    expect(result.schemaParse).toBe(4);
    expect(result.jsonSchemaTitle).toBe('aiclient settings');
    expect(result.documented).toBeGreaterThan(20);
  });
});

describe('loading zod on first use', () => {
  it.each([
    ['ESM', 'module' as const, 'index.js'],
    ['CJS', 'commonjs' as const, 'index.cjs'],
  ])(
    '%s: finds zod next to the package when its path has URL characters (hash, percent, space)',
    (_name, type, file) => {
      const packageDir = fileURLToPath(new URL('..', import.meta.url));
      const scratch = mkdtempSync(join(tmpdir(), 'aiclient config #1 %20 '));
      try {
        const modules = join(scratch, 'node_modules');
        mkdirSync(join(modules, '@aiclient'), { recursive: true });
        symlinkSync(
          realpathSync(join(packageDir, 'node_modules', 'zod')),
          join(modules, 'zod'),
          'dir',
        );
        symlinkSync(
          realpathSync(join(packageDir, 'node_modules', '@aiclient', 'errors')),
          join(modules, '@aiclient', 'errors'),
          'dir',
        );
        copyFileSync(`${dist}${file}`, join(scratch, file));
        const load =
          type === 'module'
            ? `const c = await import(${JSON.stringify(pathToFileURL(join(scratch, file)).href)});`
            : `const c = require(${JSON.stringify(join(scratch, file))});`;
        const result = spawnSync(
          process.execPath,
          [
            `--input-type=${type}`,
            '-e',
            `${load} console.log(c.loadConfig({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } }).model);`,
          ],
          // No NODE_PATH (package-manager shims set one that reaches the workspace's zod).
          {
            encoding: 'utf8',
            timeout: 15_000,
            cwd: scratch,
            env: { ...process.env, NODE_PATH: '' },
          },
        );
        expect(result.stderr).toBe('');
        expect(result.stdout.trim()).toBe('gpt-4o-mini');
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});
