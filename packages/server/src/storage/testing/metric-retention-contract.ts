/**
 * The storage contract of application metric retention (AppMetricStore.deletePointsBefore, migration
 * 0028's time index): the oldest points of every project go in batches of at most the limit, newer
 * points stay, and the trim loop deletes the whole backlog batch by batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { AppMetricPointRow } from '../app-metric-store.js';
import { trimMetricPoints } from '../../app-metrics/metric-retention.js';

const DAY = 86_400_000_000;
const NOW = Date.parse('2026-06-01T00:00:00Z') * 1000;

const point = (project: string, time: number, labels = '{}'): AppMetricPointRow => ({
  project_id: project, name: 'chunks_created', labels, time, value: 1, kind: 'point', unit: null, hist_count: null, hist_sum: null,
});

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function metricRetentionContract(name: string, open: () => Promise<Store>): void {
  describe(`metric retention contract: ${name}`, () => {
    let store: Store;
    const count = async (project: string) =>
      (await store.appMetrics.listSeries(project, 100)).reduce((sum, s) => sum + s.points, 0);

    beforeAll(async () => {
      store = await open();
      await store.migrate();
      // 25 points older than 90 days in two projects and two label sets, 5 newer ones.
      const old = Array.from({ length: 25 }, (_, i) => point(i % 2 ? 'p1' : 'p2', NOW - (100 + i) * DAY, i % 3 ? '{}' : '{"k":"v"}'));
      const recent = Array.from({ length: 5 }, (_, i) => point('p1', NOW - i * DAY));
      await store.appMetrics.upsertPoints([...old, ...recent]);
    });
    afterAll(async () => {
      await store.close();
    });

    it('deletes at most the limit of the points older than the cutoff, of every project', async () => {
      expect(await store.appMetrics.deletePointsBefore(NOW - 90 * DAY, 10)).toBe(10);
      expect((await count('p1')) + (await count('p2'))).toBe(20);
    });

    it('trims the whole backlog in batches and keeps the points inside the retention period', async () => {
      let batches = 0;
      const counting = { deletePointsBefore: async (before: number, limit: number) => (batches++, store.appMetrics.deletePointsBefore(before, limit)) };
      expect(await trimMetricPoints(counting, { days: 90, batchSize: 4, pauseMs: 0 }, NOW)).toBe(15);
      expect(batches).toBe(4);
      expect(await count('p1')).toBe(5);
      expect(await count('p2')).toBe(0);
      expect(await trimMetricPoints(store.appMetrics, { days: 0, batchSize: 4, pauseMs: 0 }, NOW + 1000 * DAY)).toBe(0);
      expect(await count('p1')).toBe(5);
    });
  });
}
