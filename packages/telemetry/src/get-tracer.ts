import { type Tracer, trace } from '@opentelemetry/api';
import { TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION } from './telemetry-scope';

/**
 * The toolkit's tracer from the global provider: a no-op until an app starts an SDK.
 * Not cached on purpose: the global provider can be replaced (tests, late SDK start), and the SDK
 * already caches tracers per scope.
 */
export function getTracer(): Tracer {
  return trace.getTracer(TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION);
}
