import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';
import { TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION } from './telemetry-scope';

/**
 * Returns a getter for a set of instruments built once per meter.
 *
 * With an explicit `meter` the instruments are built on first use and kept. Without one they
 * follow the global meter provider: OpenTelemetry has no proxy meter provider, so instruments
 * made before the app starts its SDK would stay no-op forever. The getter compares the global
 * provider by identity (one lookup, no allocation) and rebuilds only when it changed.
 */
export function lazyInstruments<T>(build: (meter: Meter) => T, meter?: Meter): () => T {
  if (meter !== undefined) {
    let fixed: T | undefined;
    return () => {
      fixed ??= build(meter);
      return fixed;
    };
  }
  let provider: MeterProvider | undefined;
  let cached: T | undefined;
  return () => {
    const current = metrics.getMeterProvider();
    if (cached === undefined || current !== provider) {
      provider = current;
      cached = build(current.getMeter(TELEMETRY_SCOPE_NAME, TELEMETRY_SCOPE_VERSION));
    }
    return cached;
  };
}
