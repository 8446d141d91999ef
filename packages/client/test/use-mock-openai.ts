import { createTestTelemetry, type TestTelemetry } from '@aiclient/telemetry/testing';
import { type MockOpenAI, startMockOpenAI } from '@aiclient/testkit';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** Forwards to the object `get` returns once the suite's `beforeAll` has made it. */
function startedLater<T extends object>(get: () => T | undefined, name: string): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const started = get();
      if (started === undefined) throw new Error(`${name} is used before beforeAll started it`);
      const value: unknown = Reflect.get(started, key, started);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/**
 * Registers the suite hooks shared by the client's end-to-end tests: one testkit mock server for
 * the file (faults and recorded requests cleared after each test) and, when asked, in-memory
 * OpenTelemetry (reset after each test). Returns stand-ins usable as the objects themselves.
 */
export function useMockOpenAI(): { mock: MockOpenAI };
export function useMockOpenAI(options: { telemetry: true }): {
  mock: MockOpenAI;
  telemetry: TestTelemetry;
};
export function useMockOpenAI(options: { telemetry?: boolean } = {}): {
  mock: MockOpenAI;
  telemetry?: TestTelemetry;
} {
  let mock: MockOpenAI | undefined;
  let telemetry: TestTelemetry | undefined;
  beforeAll(async () => {
    if (options.telemetry) telemetry = createTestTelemetry();
    mock = await startMockOpenAI();
  });
  afterAll(async () => {
    await mock?.close();
    await telemetry?.shutdown();
  });
  afterEach(() => {
    mock?.clearFaults();
    mock?.clearRequests();
    telemetry?.reset();
  });
  return {
    mock: startedLater(() => mock, 'the mock OpenAI server'),
    ...(options.telemetry
      ? { telemetry: startedLater(() => telemetry, 'the test telemetry') }
      : {}),
  };
}
