import { describe, expect, it } from 'vitest';
import {
  attachCallerSignal,
  initOptions,
  readCallerSignal,
  readRequestParams,
} from './attach-caller-signal';

describe('attachCallerSignal', () => {
  it("treats a plain fetch call's signal as its caller's", () => {
    const signal = new AbortController().signal;
    expect(readCallerSignal({ signal })).toEqual({ caller: signal, sdk: undefined });
  });

  it("separates the client's caller signal from the SDK's request signal", () => {
    const caller = new AbortController().signal;
    const sdk = new AbortController().signal;
    const init: RequestInit = { signal: sdk };
    attachCallerSignal(init, caller);
    // The SDK spreads its init into the one it hands to fetch: the mark must survive that.
    expect(readCallerSignal({ ...init })).toEqual({ caller, sdk });
  });

  it('marks a call without a caller signal, so the SDK signal is never taken for one', () => {
    const sdk = new AbortController().signal;
    const init: RequestInit = { signal: sdk };
    attachCallerSignal(init, undefined);
    expect(readCallerSignal(init)).toEqual({ caller: undefined, sdk });
  });

  it('removes the mark, signal, headers and body from the options that reach the network', () => {
    const init: RequestInit = {
      method: 'POST',
      signal: new AbortController().signal,
      headers: { a: 'b' },
      body: '{}',
      keepalive: true,
    };
    attachCallerSignal(init, new AbortController().signal);
    const options = initOptions(init);
    expect(Object.getOwnPropertySymbols(options)).toEqual([]);
    expect(options).toEqual({ method: 'POST', keepalive: true });
    expect(readCallerSignal(options).sdk).toBeUndefined();
  });

  it('carries the params object the SDK serialized, only when it is a plain object', () => {
    const params = { model: 'm', messages: [] };
    const init: RequestInit = {};
    attachCallerSignal(init, undefined, params);
    expect(readRequestParams({ ...init })).toBe(params);
    const others: unknown[] = [undefined, null, 'text', [1], new FormData(), new Uint8Array(1)];
    for (const other of others) {
      const marked: RequestInit = {};
      attachCallerSignal(marked, undefined, other);
      expect(readRequestParams(marked)).toBeUndefined();
    }
    expect(readRequestParams({ body: '{"model":"m"}' })).toBeUndefined();
  });
});
