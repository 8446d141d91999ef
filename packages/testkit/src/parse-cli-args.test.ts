import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseFaultsFile } from './parse-cli-args';

describe('parseCliArgs', () => {
  it('defaults to port 0, validation on, any key', () => {
    expect(parseCliArgs([])).toEqual({ port: 0, validateRequests: true, keys: [], help: false });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseCliArgs([
        '--port',
        '8080',
        '--no-validate',
        '--keys=sk-a, sk-b',
        '--faults',
        'f.json',
        '--seed=7',
        '--spec',
        's.yaml',
      ]),
    ).toEqual({
      port: 8080,
      validateRequests: false,
      keys: ['sk-a', 'sk-b'],
      faultsFile: 'f.json',
      seed: 7,
      specPath: 's.yaml',
      help: false,
    });
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it('rejects unknown flags and bad numbers', () => {
    expect(() => parseCliArgs(['--bogus'])).toThrow('Unknown argument: --bogus');
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(
      '--port needs a non-negative integer, got x',
    );
    expect(() => parseCliArgs(['--port'])).toThrow('got nothing');
  });
});

describe('parseFaultsFile', () => {
  it('accepts an array of rules with a fault type and rejects anything else', () => {
    const rules = [{ times: 2, fault: { type: 'rate_limit', retryAfterSeconds: 1 } }];
    expect(parseFaultsFile(rules)).toEqual(rules);
    expect(() => parseFaultsFile({})).toThrow('JSON array');
    expect(() => parseFaultsFile([{ times: 1 }])).toThrow('Fault rule 0 needs a "fault" object');
  });
});
