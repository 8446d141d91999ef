import { metrics, trace } from '@opentelemetry/api';
import { afterEach, expect, it } from 'vitest';
import { type AppTelemetry, startAppTelemetry } from './start-app-telemetry.js';
import { sumMetric } from './sum-metric.js';

let telemetry: AppTelemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

it('records finished spans and renders counters as Prometheus text, exporting nothing', async () => {
  telemetry = startAppTelemetry({ serviceName: 'sample-test' });
  trace.getTracer('t').startSpan('work').end();
  const counter = metrics.getMeter('m').createCounter('aiclient.client.retries');
  counter.add(2, { model: 'a' });
  counter.add(1, { model: 'b' });
  expect(telemetry.recorder.spans().map((s) => s.name)).toEqual(['work']);
  expect(sumMetric(await telemetry.collectMetrics(), 'aiclient.client.retries')).toBe(3);
  expect(sumMetric(await telemetry.collectMetrics(), 'absent')).toBe(0);
  const text = await telemetry.metricsText();
  expect(text).toContain('# TYPE aiclient_client_retries_total counter');
  expect(text).toMatch(/aiclient_client_retries_total\{[^}]*model="a"[^}]*\} 2/);
});

it('starts nothing when disabled and still answers with empty metrics', async () => {
  telemetry = startAppTelemetry({ serviceName: 'sample-test', enabled: false });
  trace.getTracer('t').startSpan('work').end();
  expect(telemetry.recorder.spans()).toEqual([]);
  expect(sumMetric(await telemetry.collectMetrics(), 'work')).toBe(0);
  expect(await telemetry.metricsText()).not.toContain('_total');
});
