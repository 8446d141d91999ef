import {
  AIAbortedError,
  AIConnectionError,
  AIError,
  AIMalformedResponseError,
  AITimeoutError,
} from '@aiclient/errors';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { classifyApiError } from './classify-api-error';

/**
 * Translates any thrown value into the toolkit's error family, keeping the original as `cause`.
 * The pipeline classifies failures itself; this is the safety net for the few the SDK raises
 * on its own (and for an unexpected exception inside a stage).
 */
export function translateSdkError(error: unknown, source = 'client.sdk'): AIError {
  if (AIError.isInstance(error)) return error;
  if (error instanceof APIUserAbortError) {
    return new AIAbortedError({
      message: 'The request was aborted',
      cause: error,
      context: { source },
    });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new AITimeoutError({
      message: 'The request timed out',
      cause: error,
      context: { source },
    });
  }
  if (error instanceof APIConnectionError) {
    return new AIConnectionError({
      message: 'Connection failed',
      cause: error,
      context: { source },
    });
  }
  if (error instanceof APIError && error.status !== undefined) {
    return classifyApiError({
      status: error.status,
      headers: error.headers ?? new Headers(),
      error: error.error,
      source,
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new AIMalformedResponseError({
      message: 'The response could not be parsed',
      cause: error,
      context: { source },
    });
  }
  return new AIError({
    code: 'AI-API-099',
    message: error instanceof Error ? error.message : 'Unknown error',
    cause: error,
    context: { source },
  });
}
