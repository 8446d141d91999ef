import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';

/**
 * The data point of `metric` whose attributes include every entry of `attributes`, if any.
 * `T` is `number` for counters and gauges, `Histogram` for histograms.
 */
export function findDataPoint<T = number | Histogram>(
  metric: MetricData | undefined,
  attributes: Readonly<Record<string, unknown>> = {},
): DataPoint<T> | undefined {
  if (metric === undefined) return undefined;
  const points = metric.dataPoints as DataPoint<T>[];
  return points.find((point) =>
    Object.entries(attributes).every(([key, value]) => point.attributes[key] === value),
  );
}
