import { describe, expect, it } from 'vitest';
import { readCallControls } from './read-call-controls';

describe('readCallControls', () => {
  it('reads and strips x-aiclient-* headers', () => {
    const headers = new Headers({
      authorization: 'Bearer x',
      'x-aiclient-deadline-ms': '2500',
      'x-aiclient-cache': 'bypass',
      'X-AIClient-Max-Attempts': '1',
      'x-aiclient-custom': 'v',
    });
    const controls = readCallControls(headers);
    expect(controls.deadlineMs).toBe(2500);
    expect(controls.cache).toBe('bypass');
    expect(controls.maxAttempts).toBe(1);
    expect(controls.raw.get('custom')).toBe('v');
    expect([...headers.keys()]).toEqual(['authorization']);
  });

  it("passes the testkit's x-aiclient-mock-* headers through", () => {
    const headers = new Headers({ 'x-aiclient-mock-fault': '{"type":"reset"}' });
    const controls = readCallControls(headers);
    expect(controls.raw.size).toBe(0);
    expect(headers.get('x-aiclient-mock-fault')).toBe('{"type":"reset"}');
  });

  it('ignores invalid values', () => {
    const controls = readCallControls(
      new Headers({ 'x-aiclient-deadline-ms': 'soon', 'x-aiclient-cache': 'maybe' }),
    );
    expect(controls.deadlineMs).toBeUndefined();
    expect(controls.cache).toBe('default');
  });
});
