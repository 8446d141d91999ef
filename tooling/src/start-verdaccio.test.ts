import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../release/find-free-port.ts';
import { startVerdaccio } from '../release/start-verdaccio.ts';

const work = mkdtempSync(join(tmpdir(), 'verdaccio-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Holds a loopback port as another process would that took it first. */
async function takePort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return { server, port: address.port };
}

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
    const registry = await startVerdaccio({ workDir: join(work, 'serves') });
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

  it('starts again on a new port when the one it picked was taken before Verdaccio bound it', async () => {
    const taken = await takePort();
    const picked: number[] = [];
    try {
      const registry = await startVerdaccio({
        workDir: join(work, 'taken-once'),
        // The first pick loses the race: someone listens there by the time Verdaccio binds.
        findPort: async () => {
          const port = picked.length === 0 ? taken.port : await findFreePort();
          picked.push(port);
          return port;
        },
      });
      try {
        expect(picked).toHaveLength(2);
        expect(registry.port).toBe(picked[1]);
        expect(registry.port).not.toBe(taken.port);
        expect((await fetch(`${registry.url}-/ping`)).ok).toBe(true);
      } finally {
        await registry.stop();
      }
    } finally {
      taken.server.close();
    }
  }, 60_000);

  it('gives up, saying so, when every port it picks is taken', async () => {
    const taken = await takePort();
    let picks = 0;
    try {
      await expect(
        startVerdaccio({
          workDir: join(work, 'taken-always'),
          findPort: async () => {
            picks++;
            return taken.port;
          },
        }),
      ).rejects.toThrow(/3 free ports in a row were taken/);
      expect(picks).toBe(3);
    } finally {
      taken.server.close();
    }
  }, 90_000);
});
