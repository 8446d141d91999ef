import {
  AIAbortedError,
  AIConnectionError,
  AIError,
  AIMalformedResponseError,
  AIRateLimitError,
  AITimeoutError,
} from '@aiclient/errors';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { translateSdkError } from './translate-sdk-error';

describe('translateSdkError', () => {
  it('passes AIErrors through unchanged', () => {
    const original = new AIError({ code: 'AI-API-099', message: 'x' });
    expect(translateSdkError(original)).toBe(original);
  });

  it('maps the SDK error family and keeps it as cause', () => {
    const abort = new APIUserAbortError();
    const translated = translateSdkError(abort);
    expect(translated).toBeInstanceOf(AIAbortedError);
    expect(translated.cause).toBe(abort);
    expect(translateSdkError(new APIConnectionTimeoutError())).toBeInstanceOf(AITimeoutError);
    expect(translateSdkError(new APIConnectionError({ message: 'x' }))).toBeInstanceOf(
      AIConnectionError,
    );
    const limited = APIError.generate(
      429,
      { error: { message: 'slow' } },
      undefined,
      new Headers({ 'x-request-id': 'req_9', 'retry-after': '1' }),
    );
    const rate = translateSdkError(limited);
    expect(rate).toBeInstanceOf(AIRateLimitError);
    expect(rate.requestId).toBe('req_9');
    expect(rate.cause).toBe(limited);
  });

  it('maps parse failures and unknown values', () => {
    expect(translateSdkError(new SyntaxError('bad'))).toBeInstanceOf(AIMalformedResponseError);
    const unknown = translateSdkError('boom');
    expect(unknown.code).toBe('AI-API-099');
    expect(AIError.isInstance(unknown)).toBe(true);
  });
});
