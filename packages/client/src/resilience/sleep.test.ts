import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { sleep } from './sleep';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('resolves after the delay', async () => {
  let done = false;
  const wait = sleep(100).then(() => {
    done = true;
  });
  await vi.advanceTimersByTimeAsync(99);
  expect(done).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await wait;
  expect(done).toBe(true);
});

it('rejects with the abort reason at once', async () => {
  const controller = new AbortController();
  const wait = sleep(10_000, controller.signal);
  controller.abort(new Error('deadline'));
  await expect(wait).rejects.toThrow('deadline');
  expect(vi.getTimerCount()).toBe(0);
});

it('rejects immediately when already aborted', async () => {
  await expect(sleep(10, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
});
