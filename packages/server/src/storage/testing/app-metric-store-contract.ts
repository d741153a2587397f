/**
 * The storage contract of application metric points and dashboards: behaviour every backend must
 * show through the AppMetricStore and DashboardStore seams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { AppMetricPointRow } from '../app-metric-store.js';

const T0 = Date.parse('2026-02-02T00:00:00Z') * 1000;
const HOUR = 3_600_000_000;

function point(time: number, value: number, labels = '{}', extra: Partial<AppMetricPointRow> = {}): AppMetricPointRow {
  return { project_id: 'p1', name: 'faiss_ntotal', labels, time, value, kind: 'gauge', unit: null, hist_count: null, hist_sum: null, ...extra };
}

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function appMetricStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`app metric store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
    });

    it('aggregates points per label set and bucket with count, sum, min, max and the latest value; re-sent points replace', async () => {
      const a = '{"index":"tools"}';
      const b = '{"index":"docs"}';
      await store.appMetrics.upsertPoints([
        point(T0 + 10, 100, a), point(T0 + 20, 300, a), point(T0 + 30, 200, a),
        point(T0 + HOUR + 5, 400, a), point(T0 + 15, 7, b),
        point(T0 + 2 * HOUR, 999, a), // outside [from, to)
        { ...point(T0 + 10, 1, a), project_id: 'p2' },
        { ...point(T0 + 10, 5, a), name: 'other' },
      ]);
      // A cron job re-sending its point replaces it.
      expect(await store.appMetrics.upsertPoints([point(T0 + 30, 250, a)])).toBe(1);
      const rows = await store.appMetrics.aggregate('p1', { name: 'faiss_ntotal', from: T0, to: T0 + 2 * HOUR, step: HOUR, limit: 100 });
      expect(rows).toEqual([
        { labels: b, bucket: 0, count: 1, sum: 7, min: 7, max: 7, last_time: T0 + 15, last: 7 },
        { labels: a, bucket: 0, count: 3, sum: 650, min: 100, max: 300, last_time: T0 + 30, last: 250 },
        { labels: a, bucket: 1, count: 1, sum: 400, min: 400, max: 400, last_time: T0 + HOUR + 5, last: 400 },
      ]);
      // The limit is answered plus one row, so the caller can tell the answer was cut.
      expect(await store.appMetrics.aggregate('p1', { name: 'faiss_ntotal', from: T0, to: T0 + 2 * HOUR, step: HOUR, limit: 1 })).toHaveLength(2);
      expect(await store.appMetrics.aggregate('p1', { name: 'missing', from: T0, to: T0 + HOUR, step: HOUR, limit: 10 })).toEqual([]);
    });

    it('keeps histogram count and sum, and lists series most recently reported first', async () => {
      await store.appMetrics.upsertPoints([
        point(T0 + 3 * HOUR, 2.5, '{}', { name: 'index_load_seconds', kind: 'histogram', unit: 's', hist_count: 4, hist_sum: 10 }),
      ]);
      const series = await store.appMetrics.listSeries('p1', 10);
      expect(series[0]).toEqual({ name: 'index_load_seconds', labels: '{}', points: 1, last_time: T0 + 3 * HOUR });
      expect(series.map((s) => s.name)).toContain('other');
      expect(await store.appMetrics.listSeries('p1', 10, 'faiss_ntotal')).toHaveLength(2);
      expect(await store.appMetrics.listSeries('p2', 10)).toHaveLength(1);
    });

    it('creates, lists, updates and deletes dashboards per project', async () => {
      const row = { project_id: 'p1', dashboard_id: 'd1', name: 'Pipeline', description: null, widgets: '[]', created_at: T0, updated_at: T0 };
      await store.dashboards.create(row);
      await store.dashboards.create({ ...row, project_id: 'p2', name: 'Other' });
      expect(await store.dashboards.list('p1')).toEqual([row]);
      const updated = await store.dashboards.update('p1', 'd1', { name: '파이프라인', description: 'weekly', widgets: '[{"kind":"figure"}]', updated_at: T0 + 1 });
      expect(updated).toEqual({ ...row, name: '파이프라인', description: 'weekly', widgets: '[{"kind":"figure"}]', updated_at: T0 + 1 });
      expect(await store.dashboards.get('p1', 'd1')).toEqual(updated);
      expect(await store.dashboards.update('p1', 'nope', { name: 'x', description: null, widgets: '[]', updated_at: T0 })).toBeNull();
      expect(await store.dashboards.remove('p1', 'd1')).toBe(true);
      expect(await store.dashboards.remove('p1', 'd1')).toBe(false);
      expect(await store.dashboards.get('p1', 'd1')).toBeNull();
      expect(await store.dashboards.get('p2', 'd1')).not.toBeNull();
    });
  });
}
