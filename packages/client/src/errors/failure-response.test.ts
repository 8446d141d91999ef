import { AIConnectionError, AIServerError } from '@aiclient/errors';
import { describe, expect, it } from 'vitest';
import { failureFor, failureResponse, rememberUpstream } from './failure-response';

describe('failureResponse', () => {
  it('hands the SDK the upstream error response, registered to the AIError', async () => {
    const error = new AIServerError({ message: 'down', context: { status: 503 } });
    rememberUpstream(error, {
      status: 503,
      headers: new Headers({ 'x-request-id': 'req_1' }),
      text: '{"error":{"message":"down"}}',
    });
    const response = failureResponse(error);
    expect(response.status).toBe(503);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(await response.text()).toBe('{"error":{"message":"down"}}');
    expect(failureFor(response.headers)).toBe(error);
  });

  it('builds a synthetic non-ok response for transport failures', () => {
    const error = new AIConnectionError({ message: 'reset' });
    const response = failureResponse(error);
    expect(response.ok).toBe(false);
    expect(response.status).toBe(599);
    expect(failureFor(response.headers)).toBe(error);
  });

  it('knows nothing of other headers', () => {
    expect(failureFor(new Headers())).toBeUndefined();
    expect(failureFor(undefined)).toBeUndefined();
  });
});
