import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';

/**
 * Total of a counter (sum of its data points across attribute sets) in collected metrics;
 * for a histogram, its number of recordings. 0 when the metric was never recorded.
 */
export function sumMetric(resourceMetrics: ResourceMetrics, name: string): number {
  let total = 0;
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue;
      for (const point of metric.dataPoints as { value: unknown }[]) {
        const value = point.value;
        if (typeof value === 'number') total += value;
        else if (typeof value === 'object' && value !== null && 'count' in value) {
          total += Number((value as { count: number }).count);
        }
      }
    }
  }
  return total;
}
