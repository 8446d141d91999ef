import type { KeyVerification } from '@aiclient/config';
import { describe, expect, it, vi } from 'vitest';
import { createReadinessCheck } from './check-readiness.js';

const verified = (status: KeyVerification['status']) =>
  vi.fn(async (): Promise<KeyVerification> => ({ status, message: `${status} result` }));

describe('createReadinessCheck', () => {
  it('is ready when config loaded, key valid and not draining', async () => {
    const report = await createReadinessCheck({ verifyKey: verified('valid') })();
    expect(report.ready).toBe(true);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['config', true],
      ['key', true],
      ['upstream', true],
      ['draining', true],
    ]);
  });

  it('reports an invalid key with a reachable upstream', async () => {
    const report = await createReadinessCheck({ verifyKey: verified('invalid') })();
    expect(report.ready).toBe(false);
    expect(report.checks.find((c) => c.name === 'key')).toMatchObject({ ok: false });
    expect(report.checks.find((c) => c.name === 'upstream')).toMatchObject({ ok: true });
  });

  it('reports an unreachable upstream', async () => {
    const report = await createReadinessCheck({ verifyKey: verified('unreachable') })();
    expect(report.checks.find((c) => c.name === 'upstream')).toMatchObject({
      ok: false,
      detail: 'unreachable: unreachable result',
    });
  });

  it('reports a configuration problem without verifying', async () => {
    const verifyKey = verified('valid');
    const report = await createReadinessCheck({ configProblem: 'AI-CONFIG-001: bad', verifyKey })();
    expect(report.ready).toBe(false);
    expect(report.checks[0]).toEqual({ name: 'config', ok: false, detail: 'AI-CONFIG-001: bad' });
    expect(verifyKey).not.toHaveBeenCalled();
  });

  it('is ready without a key for a server that needs none', async () => {
    const report = await createReadinessCheck({ keyOptional: true })();
    expect(report.ready).toBe(true);
  });

  it('turns not ready while draining', async () => {
    let draining = false;
    const check = createReadinessCheck({ keyOptional: true, isDraining: () => draining });
    draining = true;
    expect((await check()).ready).toBe(false);
  });

  it('reuses a verification for cacheMs and turns a thrown one into an error result', async () => {
    let now = 0;
    const verifyKey = vi.fn(async (): Promise<KeyVerification> => {
      throw new Error('boom');
    });
    const check = createReadinessCheck({ verifyKey, cacheMs: 1000, now: () => now });
    await Promise.all([check(), check()]);
    expect(verifyKey).toHaveBeenCalledTimes(1);
    now = 1000;
    const report = await check();
    expect(verifyKey).toHaveBeenCalledTimes(2);
    expect(report.checks.find((c) => c.name === 'upstream')?.ok).toBe(false);
  });

  it('redacts a key that reached a verification message', async () => {
    const key = `sk-proj-${'Ab3_'.repeat(39)}`;
    const check = createReadinessCheck({
      verifyKey: async () => ({ status: 'invalid', message: `bad key ${key}` }),
    });
    expect(JSON.stringify(await check())).not.toContain(key.slice(10, 30));
  });
});
