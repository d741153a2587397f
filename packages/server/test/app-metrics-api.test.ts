/**
 * Application metrics end to end: the official OpenTelemetry JS metrics SDK exports gauges, sums and
 * histograms over OTLP/HTTP (JSON and protobuf) to a listening server on both backends; the series
 * API answers them bucketed. The JSON points endpoint refuses bad input with 4xx; the window
 * aggregate alert rules call answers the figures of seed 002's pipeline.
 */
import { OTLPMetricExporter as HttpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { createAppMetricService } from '../src/app-metrics/index.js';
import { call, callWith } from './helpers.js';
import { startTestServer } from './helpers.js';

/** Records seed 002's pipeline figures with the SDK and exports them once through `exporter`. */
async function exportPipelineMetrics(exporter: PushMetricExporter, via: string): Promise<void> {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'ai-tools-pipeline' }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
  });
  const meter = provider.getMeter('pipeline');
  meter.createGauge('faiss_index_ntotal').record(12_345, { index: 'tools', via });
  const urls = meter.createCounter('urls_collected');
  urls.add(40, { via });
  urls.add(2, { via });
  const load = meter.createHistogram('faiss_index_load_seconds', { unit: 's' });
  load.record(1.5, { via });
  load.record(2.5, { via });
  await provider.forceFlush();
  await provider.shutdown();
}

const lastValue = (body: { series: { points: { value: number | null }[] }[] }) =>
  body.series[0]?.points.filter((p) => p.value !== null).at(-1)?.value;

describe.each(BACKENDS)('application metrics on %s', (backend) => {
  let server: RunningServer;
  let url: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['json', () => new HttpJsonMetricExporter({ url: `${url}/v1/metrics`, headers: { 'x-api-key': 'dev-key' } })],
    ['proto', () => new ProtoMetricExporter({ url: `${url}/v1/metrics`, headers: { 'x-api-key': 'dev-key' } })],
  ])('takes gauges, sums and histograms from the OpenTelemetry SDK over OTLP/HTTP %s', async (via, exporter) => {
    await exportPipelineMetrics(exporter(), via);
    const ntotal = await call(server.app, 'GET', `/api/v1/metrics/series?name=faiss_index_ntotal&agg=last&label.via=${via}&label.index=tools`);
    expect(ntotal.status).toBe(200);
    expect(lastValue(ntotal.body)).toBe(12_345);
    const urls = await call(server.app, 'GET', `/api/v1/metrics/series?name=urls_collected&agg=last&label.via=${via}`);
    expect(lastValue(urls.body)).toBe(42);
    // Histograms keep count and sum; their value is the mean.
    const load = await call(server.app, 'GET', `/api/v1/metrics/series?name=faiss_index_load_seconds&agg=avg&label.via=${via}&step=1h`);
    expect(load.body.step_seconds).toBe(3600);
    expect(lastValue(load.body)).toBe(2);
    const catalog = await call(server.app, 'GET', '/api/v1/metrics?name=faiss_index_ntotal');
    expect(catalog.body.items).toContainEqual(expect.objectContaining({ name: 'faiss_index_ntotal', labels: { index: 'tools', via } }));
  });

  it('takes points from scripts as JSON and answers them bucketed, grouped by a label', async () => {
    const week = (d: string) => `2026-02-0${d}T09:00:00Z`;
    const posted = await call(server.app, 'POST', '/api/v1/metrics/points', [
      { name: 'training.accuracy', value: 0.81, time: week('2'), labels: { run: 'r1' } },
      { name: 'training.accuracy', value: 0.86, time: week('3'), labels: { run: 'r1' } },
      { name: 'training.accuracy', value: 0.9, time: Date.parse(week('3')) + 60_000, labels: { run: 'r2' } },
    ]);
    expect(posted).toEqual({ status: 202, body: { accepted: 3 } });
    const q = '/api/v1/metrics/series?name=training.accuracy&from=2026-02-02T00:00:00Z&to=2026-02-04T00:00:00Z&step=1d';
    const merged = await call(server.app, 'GET', `${q}&agg=max`);
    expect(merged.body.series).toEqual([{ group: null, points: [
      { time: '2026-02-02T00:00:00.000000Z', value: 0.81, count: 1 }, { time: '2026-02-03T00:00:00.000000Z', value: 0.9, count: 2 },
    ] }]);
    const grouped = await call(server.app, 'GET', `${q}&agg=last&group_by=run`);
    expect(grouped.body.series.map((s: { group: string; points: { value: number | null }[] }) => [s.group, s.points.map((p) => p.value)])).toEqual([
      ['r1', [0.81, 0.86]], ['r2', [null, 0.9]],
    ]);
  });

  it.each([
    ['not an array', { name: 'x', value: 1 }, 'array'],
    ['an empty array', [], ''],
    ['a bad name', [{ name: '1bad name', value: 1 }], 'name'],
    ['a string value', [{ name: 'ok', value: 'many' }], 'value'],
    ['too many labels', [{ name: 'ok', value: 1, labels: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }], 'labels'],
    ['a bad label key', [{ name: 'ok', value: 1, labels: { 'bad key': 'v' } }], 'labels'],
    ['a long label value', [{ name: 'ok', value: 1, labels: { k: 'x'.repeat(201) } }], 'labels'],
    ['an unknown field', [{ name: 'ok', value: 1, extra: true }], ''],
    ['a time in the far future', [{ name: 'ok', value: 1, time: '2999-01-01T00:00:00Z' }], 'time'],
    ['a time before 2000', [{ name: 'ok', value: 1, time: 5 }], 'time'],
  ])('refuses JSON points with %s (400)', async (_what, body, mention) => {
    const answer = await call(server.app, 'POST', '/api/v1/metrics/points', body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(mention);
  });

  it.each([
    ['no name', ''],
    ['a bad agg', 'name=ok&agg=median'],
    ['too many buckets', 'name=ok&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&step=1m'],
    ['a bad step', 'name=ok&step=1y'],
    ['to before from', 'name=ok&from=2026-02-02T00:00:00Z&to=2026-02-01T00:00:00Z'],
    ['a repeated label', 'name=ok&label.a=1&label.a=2'],
  ])('refuses a series query with %s (400)', async (_what, query) => {
    expect((await call(server.app, 'GET', `/api/v1/metrics/series?${query}`)).status).toBe(400);
  });

  it('refuses OTLP bodies it cannot read (400) and requests without a key (401)', async () => {
    const garbage = await server.app.inject({ method: 'POST', url: '/v1/metrics', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/x-protobuf' }, payload: Buffer.from([0xff, 0xff, 0xff]) });
    expect(garbage.statusCode).toBe(400);
    const text = await server.app.inject({ method: 'POST', url: '/v1/metrics', headers: { 'x-api-key': 'dev-key', 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(400);
    expect((await callWith(server.app, {}, 'POST', '/api/v1/metrics/points', [{ name: 'ok', value: 1 }])).status).toBe(401);
    // An invalid data point is counted in partialSuccess; the valid ones are kept.
    const partial = await call(server.app, 'POST', '/v1/metrics', {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [
        { name: 'bad name!', gauge: { dataPoints: [{ timeUnixNano: String(Date.now() * 1e6), asDouble: 1 }] } },
        { name: 'chunks_created', sum: { dataPoints: [{ timeUnixNano: String(Date.now() * 1e6), asInt: '77' }], isMonotonic: true, aggregationTemporality: 2 } },
      ] }] }],
    });
    expect(partial.status).toBe(200);
    expect(partial.body.partialSuccess).toEqual({ rejectedDataPoints: 1, errorMessage: expect.stringContaining('bad name!') });
    expect(lastValue((await call(server.app, 'GET', '/api/v1/metrics/series?name=chunks_created&agg=sum')).body)).toBe(77);
  });

  it('answers the window aggregate alert rules call: latest value and mean over labels', async () => {
    const at = Date.parse('2026-02-05T12:00:00Z') * 1000;
    const metrics = createAppMetricService(server.store.appMetrics, () => at);
    await metrics.recordJson('default', [
      { name: 'extraction.success_rate', value: 0.9, time: '2026-02-05T10:00:00Z', labels: { step: 'llm' } },
      { name: 'extraction.success_rate', value: 0.7, time: '2026-02-05T11:30:00Z', labels: { step: 'llm' } },
      { name: 'extraction.success_rate', value: 0.1, time: '2026-02-05T11:40:00Z', labels: { step: 'html' } },
    ]);
    expect(await metrics.aggregate('default', { name: 'extraction.success_rate', windowSeconds: 3600, agg: 'last', labels: { step: 'llm' } }))
      .toMatchObject({ value: 0.7, count: 1 });
    expect(await metrics.aggregate('default', { name: 'extraction.success_rate', windowSeconds: 3 * 3600, agg: 'avg', labels: { step: 'llm' } }))
      .toMatchObject({ value: 0.8, count: 2 });
    // The latest point, not the largest: 0.7 came after 0.9.
    expect(await metrics.aggregate('default', { name: 'extraction.success_rate', windowSeconds: 3 * 3600, agg: 'last', labels: { step: 'llm' } }))
      .toMatchObject({ value: 0.7, count: 2 });
    expect(await metrics.aggregate('default', { name: 'extraction.success_rate', windowSeconds: 3 * 3600, agg: 'min' })).toMatchObject({ value: 0.1, count: 3 });
    expect(await metrics.aggregate('default', { name: 'extraction.success_rate', windowSeconds: 60, agg: 'avg' })).toMatchObject({ value: null, count: 0 });
  });
});
