/** The server metrics' hooks: ingest queue depth and lag while a request waits, webhook attempts and outcomes, route labels. */
import { describe, expect, it } from 'vitest';
import type { IngestResult } from '@tracehub/core';
import type { IngestService } from '../ingest/ingest-service.js';
import type { DecisionStore } from '../storage/decision-store.js';
import { createServerMetrics } from './server-metrics.js';
import { capLabelValues } from './app-figures.js';

const value = async (metrics: ReturnType<typeof createServerMetrics>, name: string, labels: Record<string, string> = {}) => {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).filter((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l)).reduce((s, v) => s + v.value, 0);
};

describe('server metrics', () => {
  it('measures the ingest queue and its lag while requests wait, and counts accepted spans', async () => {
    const metrics = createServerMetrics();
    let finish: (r: IngestResult) => void = () => undefined;
    const slow = { ingestTraces: () => new Promise<IngestResult>((resolve) => { finish = resolve; }) } as unknown as IngestService;
    const service = metrics.instrumentIngest(slow);
    const pending = service.ingestTraces('p', { trace: { trace_id: 't' }, spans: [] } as never);
    await new Promise((r) => setTimeout(r, 30));
    expect(await value(metrics, 'tracehub_ingest_queue_depth')).toBe(1);
    expect(await value(metrics, 'tracehub_ingest_worker_lag_seconds')).toBeGreaterThanOrEqual(0.02);
    finish({ accepted: 2, duplicates: 0, rejected: 1, items: [
      { index: 0, kind: 'trace', id: 't', status: 'accepted' },
      { index: 0, kind: 'span', id: 's', status: 'accepted' },
      { index: 1, kind: 'span', id: 's2', status: 'rejected', reason: 'unknown parent' },
    ] });
    await pending;
    expect(await value(metrics, 'tracehub_ingest_queue_depth')).toBe(0);
    expect(await value(metrics, 'tracehub_ingest_worker_lag_seconds')).toBe(0);
    expect(await value(metrics, 'tracehub_ingest_spans_total')).toBe(1);
    expect(await value(metrics, 'tracehub_ingest_items_total', { kind: 'span', status: 'rejected' })).toBe(1);
  });

  it('counts webhook attempts and final outcomes through the dispatcher store', async () => {
    const metrics = createServerMetrics();
    const calls: string[] = [];
    const store = { finishNotificationAttempt: async (a: { ok: boolean }) => { calls.push(String(a.ok)); }, other: () => 'kept' } as unknown as DecisionStore;
    const counted = metrics.instrumentNotifications(store);
    await counted.finishNotificationAttempt({ ok: false } as never, { status: 'pending' } as never);
    await counted.finishNotificationAttempt({ ok: false } as never, { status: 'failed' } as never);
    await counted.finishNotificationAttempt({ ok: true } as never, { status: 'delivered' } as never);
    expect(calls).toEqual(['false', 'false', 'true']);
    expect((counted as unknown as { other(): string }).other()).toBe('kept');
    expect(await value(metrics, 'tracehub_webhook_delivery_attempts_total', { result: 'error' })).toBe(2);
    expect(await value(metrics, 'tracehub_webhook_deliveries_total', { outcome: 'failed' })).toBe(1);
    expect(await value(metrics, 'tracehub_webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);
  });

  it('labels requests by route pattern and status class, unknown methods as OTHER', async () => {
    const metrics = createServerMetrics();
    metrics.observeHttp('GET', '/api/v1/traces/:trace_id', 404, 0.01);
    metrics.observeHttp('BREW', undefined, 501, 0.01);
    expect(await value(metrics, 'tracehub_http_requests_total', { route: '/api/v1/traces/:trace_id', status_class: '4xx' })).toBe(1);
    expect(await value(metrics, 'tracehub_http_requests_total', { method: 'OTHER', route: 'unmatched', status_class: '5xx' })).toBe(1);
  });

  it('caps label values: the busiest keep their name, the rest read other', () => {
    const label = capLabelValues(new Map([['a', 5], ['b', 3], ['c', 1], ['', 4]]), 2);
    expect(['a', 'b', 'c', ''].map(label)).toEqual(['a', 'other', 'other', 'none']);
  });
});
