import { type Meter, metrics } from '@opentelemetry/api';
import { TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION } from './telemetry-scope';

/**
 * The toolkit's meter from the global provider: a no-op until an app starts an SDK.
 * Instruments created from it stay no-op if the SDK starts later, which is why the metric
 * factories of this package resolve their instruments lazily (see `lazyInstruments`).
 */
export function getMeter(): Meter {
  return metrics.getMeter(TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION);
}
