/** What the signals are delivered by; `process` in the app, an EventEmitter in tests. */
export interface SignalSource {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * Resolves with the first of `signals` received (SIGINT from Ctrl-C, SIGTERM from a process
 * manager), removing its listeners so a second signal gets Node's default behaviour: exit now.
 */
export function waitForShutdownSignal(
  source: SignalSource = process,
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const listeners = signals.map((signal) => {
      const listener = (): void => {
        for (const [s, l] of listeners) source.off(s, l);
        resolve(signal);
      };
      source.once(signal, listener);
      return [signal, listener] as const;
    });
  });
}
