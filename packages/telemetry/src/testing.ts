// Test helpers other packages reuse: in-memory OpenTelemetry providers registered globally.
export type { TestTelemetry } from './create-test-telemetry';
export { createTestTelemetry } from './create-test-telemetry';
export { findDataPoint } from './find-data-point';
