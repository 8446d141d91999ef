import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  FaultRule,
  MockOpenAI,
  MockOpenAIOptions,
  MockOpenAIStats,
  RecordedRequest,
} from '@aiclient/testkit';

/** The parts of a testkit server the suite uses, whether it runs here or in a child process. */
export interface MockControl {
  readonly url: string;
  stats(): Promise<MockOpenAIStats>;
  requests(): Promise<readonly RecordedRequest[]>;
  setFaults(rules: readonly FaultRule[]): Promise<void>;
  clearRequests(): Promise<void>;
  /** Closes the server (every socket) and, for a child, ends the process. */
  close(): Promise<void>;
}

/** Wraps an in-process testkit server in the async {@link MockControl} shape. */
export function controlOf(mock: MockOpenAI): MockControl {
  return {
    url: mock.url,
    stats: async () => mock.stats(),
    requests: async () => mock.requests(),
    setFaults: async (rules) => mock.setFaults(rules),
    clearRequests: async () => mock.clearRequests(),
    close: () => mock.close(),
  };
}

const MAIN = fileURLToPath(new URL('./mock-process-main.ts', import.meta.url));

/**
 * Starts the testkit's server in a child process (options must be JSON: no `onWarning`).
 * Load tests use it so the client's settle times and resource counts are its own.
 */
export async function startMockProcess(
  options: Omit<MockOpenAIOptions, 'onWarning'> = {},
): Promise<MockControl> {
  const child: ChildProcess = fork(MAIN, [], {
    env: { ...process.env, AICLIENT_MOCK_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, (value: unknown) => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`mock process exited early (${code})`)));
    child.on('message', (raw) => {
      const { id, result } = raw as { id: number; result: unknown };
      if (id === 0) resolve(result as string);
      pending.get(id)?.(result);
      pending.delete(id);
    });
  });
  const call = <T>(op: string, args?: unknown): Promise<T> => {
    if (!child.connected) return Promise.reject(new Error('mock process is gone'));
    const id = nextId++;
    return new Promise<T>((resolve) => {
      pending.set(id, resolve as (value: unknown) => void);
      child.send({ id, op, args });
    });
  };
  return {
    url,
    stats: () => call<MockOpenAIStats>('stats'),
    requests: () => call<RecordedRequest[]>('requests'),
    setFaults: async (rules) => {
      await call('setFaults', rules);
    },
    clearRequests: async () => {
      await call('clearRequests');
    },
    async close() {
      if (child.connected) {
        await call('close');
        // Close our end of the IPC channel too, so no pipe handle outlives the child.
        if (child.connected) child.disconnect();
      }
      await exited;
    },
  };
}
