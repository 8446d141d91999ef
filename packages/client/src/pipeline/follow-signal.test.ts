import { describe, expect, it } from 'vitest';
import { followSignal } from './follow-signal';

function listenerCount(signal: AbortSignal): number {
  const symbol = Object.getOwnPropertySymbols(signal).find((s) => s.description === 'kEvents');
  const events =
    symbol === undefined
      ? undefined
      : (signal as never as Record<symbol, Map<string, { size: number }>>)[symbol];
  return events?.get('abort')?.size ?? 0;
}

describe('followSignal', () => {
  it('aborts the follower with the source reason', () => {
    const source = new AbortController();
    const follower = new AbortController();
    followSignal(source.signal, follower);
    source.abort('why');
    expect(follower.signal.aborted).toBe(true);
    expect(follower.signal.reason).toBe('why');
  });

  it('aborts at once when the source already aborted', () => {
    const source = new AbortController();
    source.abort('early');
    const follower = new AbortController();
    followSignal(source.signal, follower);
    expect(follower.signal.reason).toBe('early');
  });

  it('leaves no listener on the source once unlinked, and no longer follows', () => {
    const source = new AbortController();
    const follower = new AbortController();
    const unlink = followSignal(source.signal, follower);
    expect(listenerCount(source.signal)).toBe(1);
    unlink();
    expect(listenerCount(source.signal)).toBe(0);
    source.abort();
    expect(follower.signal.aborted).toBe(false);
  });

  it('does nothing without a source', () => {
    const follower = new AbortController();
    followSignal(undefined, follower)();
    expect(follower.signal.aborted).toBe(false);
  });
});
