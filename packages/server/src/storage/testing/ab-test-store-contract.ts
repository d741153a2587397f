/**
 * The storage contract of A/B tests: definitions by id or name (names unique per project), and
 * bounded reads of the traces attributed to a test by their `ab.test_id` attribute, with evals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, evalInputSchema, ingestTracesBodySchema, microsToIso } from '@tracehub/core';
import type { Store } from '../store.js';
import type { AbTestRow } from '../ab-test-store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;
const SEC = 1_000_000;

const row = (testId: string, name: string, at: number, project = 'p1'): AbTestRow => ({
  project_id: project, test_id: testId, name, definition: JSON.stringify({ variants: [] }), created_at: at, updated_at: at,
});

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function abTestStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`A/B test store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates tests, refuses a second one of the same name or id in a project, lists newest first and finds by id or name', async () => {
      expect(await store.abTests.create(row('ab_1', 'new-model', T0))).toBe('created');
      expect(await store.abTests.create(row('ab_2', 'new-model', T0 + 1))).toBe('conflict');
      expect(await store.abTests.create(row('ab_1', 'other', T0 + 1))).toBe('conflict');
      expect(await store.abTests.create(row('ab_3', '프롬프트 v2', T0 + 2))).toBe('created');
      expect(await store.abTests.create(row('ab_9', 'new-model', T0, 'p2'))).toBe('created');
      expect((await store.abTests.list('p1')).map((r) => r.test_id)).toEqual(['ab_3', 'ab_1']);
      expect(await store.abTests.get('p1', 'ab_1')).toEqual(row('ab_1', 'new-model', T0));
      expect((await store.abTests.get('p1', '프롬프트 v2'))?.test_id).toBe('ab_3');
      expect(await store.abTests.get('p2', 'ab_1')).toBeNull();
    });

    it('reads the traces attributed to a test (attribute ab.test_id, taken literally), newest first, bounded and windowed, with their evals', async () => {
      const ingest = createIngestService({ store: store.traces, prices: createPriceTable(), now: () => T0 });
      const traces = [
        { trace_id: 'a1', session_id: 's1', attributes: { 'ab.test_id': 'ab_1', 'ab.variant': 'control' }, status: 'success', user_review_passed: true },
        { trace_id: 'a2', session_id: 's2', attributes: { 'ab.test_id': 'ab_1', 'ab.variant': 'treatment' }, status: 'error', user_review_passed: false },
        { trace_id: 'a3', session_id: 's3', attributes: { 'ab.test_id': 'ab_1', 'ab.variant': 'treatment' }, status: 'success' },
        { trace_id: 'b1', session_id: 's1', attributes: { 'ab.test_id': 'ab_3', 'ab.variant': 'control' }, status: 'success' },
        { trace_id: 'c1', session_id: 's1', attributes: { ab: { test_id: 'ab_1' } }, status: 'success' },
      ];
      for (const [i, t] of traces.entries()) {
        const body = ingestTracesBodySchema.parse({ trace: { ...t, name: 'search', start_time: microsToIso(T0 + i * SEC), end_time: microsToIso(T0 + i * SEC + 1000) } });
        expect((await ingest.ingestTraces('p1', body)).rejected).toBe(0);
      }
      await ingest.ingestEvals('p1', [evalInputSchema.parse({ trace_id: 'a1', eval_name: 'relevance', score: 0.8, passed: true })]);

      const all = await store.abTests.traces('p1', 'ab_1', { limit: 10 });
      expect(all.truncated).toBe(false);
      expect(all.rows.map((r) => [r.trace_id, r.variant, r.session_id, r.status, r.user_review_passed])).toEqual([
        ['a3', 'treatment', 's3', 'success', null],
        ['a2', 'treatment', 's2', 'error', false],
        ['a1', 'control', 's1', 'success', true],
      ]);
      expect(all.rows[2].latency_ms).toBe(1);
      const bounded = await store.abTests.traces('p1', 'ab_1', { limit: 2 });
      expect([bounded.truncated, bounded.rows.map((r) => r.trace_id)]).toEqual([true, ['a3', 'a2']]);
      const windowed = await store.abTests.traces('p1', 'ab_1', { from: T0 + SEC, to: T0 + 2 * SEC, limit: 10 });
      expect(windowed.rows.map((r) => r.trace_id)).toEqual(['a2']);
      expect(await store.abTests.evals('p1', ['a1', 'a2'], 100)).toEqual([{ trace_id: 'a1', eval_name: 'relevance', score: 0.8, passed: true }]);
      expect(await store.abTests.traces('p2', 'ab_1', { limit: 10 })).toEqual({ rows: [], truncated: false });
    });
  });
}
