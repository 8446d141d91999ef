import { EventEmitter } from 'node:events';
import { expect, it } from 'vitest';
import { waitForShutdownSignal } from './wait-for-shutdown-signal.js';

it('resolves with the first signal and removes every listener', async () => {
  const source = new EventEmitter();
  const waiting = waitForShutdownSignal(source);
  expect(source.listenerCount('SIGINT')).toBe(1);
  expect(source.listenerCount('SIGTERM')).toBe(1);
  source.emit('SIGTERM');
  expect(await waiting).toBe('SIGTERM');
  expect(source.listenerCount('SIGINT')).toBe(0);
  expect(source.listenerCount('SIGTERM')).toBe(0);
});
