import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortableSleep } from './abortable-sleep';

afterEach(() => {
  vi.useRealTimers();
});

describe('abortableSleep', () => {
  it('resolves after the wait', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    let done = false;
    const sleeping = abortableSleep(1000, controller.signal).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the abort reason at once and clears its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects immediately on an already aborted signal', async () => {
    const reason = new Error('already');
    await expect(abortableSleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});
