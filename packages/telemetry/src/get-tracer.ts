import { type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import { TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION } from './telemetry-scope';

let provider: TracerProvider | undefined;
let tracer: Tracer | undefined;

/**
 * The toolkit's tracer from the global provider: a no-op until an app starts an SDK.
 * Kept while the global provider stays the same object, so a call pays one identity check
 * instead of the provider's lookup. The API's global is a proxy that forwards to the SDK once
 * one registers (the tracer taken before follows it); `trace.disable()` swaps the proxy, so a
 * provider registered after that (tests, a restarted SDK) gets a fresh tracer.
 */
export function getTracer(): Tracer {
  const current = trace.getTracerProvider();
  if (tracer === undefined || current !== provider) {
    provider = current;
    tracer = current.getTracer(TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION);
  }
  return tracer;
}
