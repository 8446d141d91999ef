import { AIAbortedError } from '@aiclient/errors';
import OpenAI, { type APIError } from 'openai';
import { failureFor } from '../errors/failure-response';
import { translateSdkError } from '../errors/translate-sdk-error';
import { attachCallerSignal } from '../pipeline/attach-caller-signal';

type FinalRequestOptions = Parameters<OpenAI['request']>[0] extends infer T
  ? T extends PromiseLike<infer U>
    ? U
    : T
  : never;

/** The SDK's own timeout stays above every pipeline deadline (setTimeout's 32-bit range). */
export const SDK_TIMEOUT_CEILING_MS = 2_000_000_000;

/**
 * The official `OpenAI` client with three protected hooks overridden, so every method, type and
 * helper of the SDK is unchanged:
 * - `makeStatusError` returns the `AIError` the pipeline registered for the failure response
 *   (or translates the SDK's error, kept as `cause`), so the SDK throws the toolkit's error;
 * - `prepareOptions` fails an already aborted call as `AIAbortedError` and lifts a per-request
 *   (or `withOptions`) `timeout` and the caller's `signal` out of the SDK's reach;
 * - `prepareRequest` hands that timeout to the pipeline as the call's deadline, the signal as
 *   the call's caller signal, and the params object the body was serialized from (so the
 *   pipeline never parses the body again).
 *
 * The SDK links a per-request `signal` to its own request controller, and its stream iterator
 * ends without an error once that controller is aborted, so a caller abort mid-stream would look
 * like a complete answer. Unlinked, the caller's abort reaches only the pipeline, which errors
 * the stream with `AIAbortedError`; the SDK's controller is then aborted only by the SDK itself
 * (a consumer that leaves the stream early), which the pipeline settles as cancelled.
 */
export class AIClientOpenAI extends OpenAI {
  protected override makeStatusError(
    status: number,
    error: object,
    message: string | undefined,
    headers: Headers,
  ): APIError {
    const registered = failureFor(headers);
    if (registered !== undefined) return registered as unknown as APIError;
    const sdkError = super.makeStatusError(status, error, message, headers);
    return translateSdkError(sdkError, 'client.sdk') as unknown as APIError;
  }

  protected override async prepareOptions(options: FinalRequestOptions): Promise<void> {
    await super.prepareOptions(options);
    if (options.signal?.aborted) {
      throw new AIAbortedError({
        message: 'The request was aborted by the caller before it was sent',
        cause: options.signal.reason,
        context: { source: 'client.prepare' },
      });
    }
    // The SDK's stream helpers (`.stream()`, `.runTools()`) pass their own controller's signal
    // and report its abort themselves (their `abort` event), which needs the SDK's link.
    const helper = options.__metadata?.['helperMethod'];
    if (options.signal != null && helper !== 'stream' && helper !== 'runTools') {
      callerSignals.set(options, options.signal);
      // Removed only until `buildRequest` ran: `prepareRequest` puts it back for the SDK's later
      // readers (the next page of a list keeps it).
      delete options.signal;
    }
    // A per-request `timeout`, or a client-level one set through `withOptions({ timeout })`.
    const timeout = options.timeout ?? this.timeout;
    if (typeof timeout === 'number' && timeout < SDK_TIMEOUT_CEILING_MS) {
      perRequestTimeouts.set(options, timeout);
      // The SDK's timer would abort without saying why; the pipeline's deadline reports it.
      options.timeout = SDK_TIMEOUT_CEILING_MS;
    }
  }

  protected override async prepareRequest(
    request: RequestInit,
    context: { url: string; options: FinalRequestOptions },
  ): Promise<void> {
    await super.prepareRequest(request, context);
    const callerSignal = callerSignals.get(context.options);
    if (callerSignal !== undefined) context.options.signal = callerSignal;
    attachCallerSignal(request, callerSignal, context.options.body);
    const timeout = perRequestTimeouts.get(context.options);
    if (timeout !== undefined && request.headers instanceof Headers) {
      request.headers.set('x-aiclient-deadline-ms', String(timeout));
    }
  }
}

const perRequestTimeouts = new WeakMap<object, number>();
const callerSignals = new WeakMap<object, AbortSignal>();
