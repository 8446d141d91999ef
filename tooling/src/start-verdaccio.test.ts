import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startVerdaccio } from '../release/start-verdaccio.ts';

const work = mkdtempSync(join(tmpdir(), 'verdaccio-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startVerdaccio', () => {
  it('serves the scope on a loopback port and stops by its own process id', async () => {
    const registry = await startVerdaccio({ workDir: work });
    try {
      expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(alive(registry.pid)).toBe(true);
      const ping = await fetch(`${registry.url}-/ping`);
      expect(ping.ok).toBe(true);
      // Nothing published yet, and no uplink: unknown packages are 404, not fetched from npm.
      const missing = await fetch(`${registry.url}@aiclient%2ferrors`);
      expect(missing.status).toBe(404);
    } finally {
      await registry.stop();
    }
    expect(alive(registry.pid)).toBe(false);
    await registry.stop();
  }, 60_000);
});
