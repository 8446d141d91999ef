// Application entry: starts the OpenTelemetry SDK and builds loggers. Libraries use the root
// entry only; this one needs the optional peers (@opentelemetry/sdk-* and exporters, winston).
export type { CreateLoggerOptions, LogFormat, SdkLogger } from './create-logger';
export { createLogger } from './create-logger';
export { redactLogFormat } from './redact-log-format';
export type {
  MetricExporterKind,
  StartTelemetryOptions,
  TelemetryHandle,
  TraceExporterKind,
} from './start-telemetry';
export { startTelemetry } from './start-telemetry';
export { traceContextFormat } from './trace-context-format';
