/**
 * The storage contract of retention (RetentionStore): settings per project, the enforcement lease (a
 * due project is claimed once, however many claim it at the same time), and batch deletion of traces
 * by age or time range with everything recorded about them, leaving other projects, newer traces and
 * the rollups (dashboards) as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, ingestTracesBodySchema } from '@tracehub/core';
import type { Store } from '../store.js';
import { jobLeaseRow } from '../retention-store.js';
import { readBackupOutcome, recordBackupOutcome } from '../../backup/backup-outcome.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const DAY = 86_400_000_000;
const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function retentionStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`retention store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
    });

    /** One trace per day for `days` days back from T0 (day 0 newest), each with a span, an event and an evaluation. */
    async function seed(projectId: string, days: number, extra: Record<string, unknown> = {}) {
      const ingest = createIngestService({ store: store.traces, prices: createPriceTable(), now: () => T0 });
      for (let d = 0; d < days; d++) {
        const start = new Date((T0 - d * DAY) / 1000).toISOString();
        const id = `${projectId}-day-${d}`;
        const result = await ingest.ingestTraceBatch(projectId, {
          traces: [ingestTracesBodySchema.parse({
            trace: { trace_id: id, start_time: start, status: 'success', model: 'gpt-4.1-mini', environment: d % 2 ? 'dev' : 'prod', user_id: `u-${d % 3}`, ...extra },
            spans: [{ span_id: `${id}-s`, name: 'llm', span_type: 'llm', start_time: start, end_time: start, status: 'success', model: 'gpt-4.1-mini', input_tokens: 10, output_tokens: 5 }],
            events: [{ span_id: `${id}-s`, event_type: 'log', event_time: start, payload: { n: d } }],
          })],
          evals: [{ trace_id: id, eval_name: 'quality', score: 1, passed: true, source: 'user' }],
        });
        expect([...result.traces.flatMap((t) => t.items), ...(result.evals?.items ?? [])].every((i) => i.status === 'accepted')).toBe(true);
      }
    }
    const ids = async (projectId: string) => {
      const list = await store.traces.listTraces(projectId, { page: 1, page_size: 200, sort: { field: 'start_time', direction: 'desc' } } as never);
      return list.rows.map((r) => r.trace_id).sort();
    };

    it('stores settings per project; setting them makes the project due at once', async () => {
      expect(await store.retention.get('p1')).toBeNull();
      const set = await store.retention.set('p1', { trace_days: 7, artifact_days: null }, T0);
      expect(set).toEqual({ project_id: 'p1', trace_days: 7, artifact_days: null, next_run_at: 0, updated_at: T0 });
      await store.retention.set('p1', { trace_days: 3, artifact_days: 30 }, T0 + 1);
      expect(await store.retention.get('p1')).toMatchObject({ trace_days: 3, artifact_days: 30, updated_at: T0 + 1 });
      await store.retention.set('p-none', { trace_days: null, artifact_days: 10 }, T0);
      expect((await store.retention.list()).map((r) => r.project_id)).toEqual(['p-none', 'p1']);
    });

    it('claims a due project once however many claim it at the same time; the lease holds until it expires or is moved', async () => {
      await store.retention.set('lease', { trace_days: 1, artifact_days: null }, T0);
      const claims = await Promise.all([1, 2, 3, 4].map(() => store.retention.claimDue(T0, T0 + 60_000_000)));
      expect(claims.flat().filter((r) => r.project_id === 'lease')).toHaveLength(1);
      // A project without a trace retention is never claimed.
      expect(claims.flat().some((r) => r.project_id === 'p-none')).toBe(false);
      expect((await store.retention.claimDue(T0 + 1, T0 + 2)).some((r) => r.project_id === 'lease')).toBe(false);
      expect((await store.retention.claimDue(T0 + 60_000_000, T0 + 120_000_000)).map((r) => r.project_id)).toContain('lease');
      await store.retention.reschedule('lease', T0);
      expect((await store.retention.claimDue(T0 + 1, T0 + 2)).map((r) => r.project_id)).toContain('lease');
    });

    it('a server-wide job is claimed once however many claim it; its row is never listed nor enforced', async () => {
      const claims = await Promise.all([1, 2, 3, 4].map(() => store.retention.claimJob('backup', T0, T0 + 60_000_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.retention.claimJob('backup', T0 + 1, T0 + 2)).toBe(false);
      expect(await store.retention.claimJob('other-job', T0 + 1, T0 + 2)).toBe(true);
      expect(await store.retention.claimJob('backup', T0 + 60_000_000, T0 + 120_000_000)).toBe(true);
      await store.retention.reschedule(jobLeaseRow('backup'), T0);
      expect(await store.retention.claimJob('backup', T0 + 1, T0 + 2)).toBe(true);
      expect((await store.retention.list()).map((r) => r.project_id)).not.toContain(jobLeaseRow('backup'));
      expect((await store.retention.claimDue(T0 + 200_000_000, T0 + 300_000_000)).map((r) => r.project_id)).not.toContain(jobLeaseRow('backup'));
    });

    it('records scheduled backup outcomes on job rows and reads them back (backup_stale alerts)', async () => {
      const ms = T0 / 1000;
      await recordBackupOutcome(store.retention, 'success', ms);
      await recordBackupOutcome(store.retention, 'failure', ms + 10);
      expect(await readBackupOutcome(store.retention)).toMatchObject({ lastSuccessAt: ms, lastFailureAt: ms + 10 });
      await recordBackupOutcome(store.retention, 'success', ms + 20);
      await recordBackupOutcome(store.retention, 'success', ms + 20);
      expect(await readBackupOutcome(store.retention)).toMatchObject({ lastSuccessAt: ms + 20, lastFailureAt: ms + 10 });
      expect((await store.retention.list()).map((r) => r.project_id)).not.toContain(jobLeaseRow('backup-success'));
    });

    it('deletes traces older than a cutoff in batches, oldest first, with their spans, events and evaluations; rollups stay', async () => {
      await seed('old', 30);
      await seed('other', 5);
      // The rollup tables (evals, decisions and unpriced counts are read from the rows, so they go).
      const rollups = async () => {
        const { traces, spans, latency, spanTypes } = await store.traces.statsRollups('old', T0 - 40 * DAY, T0 + DAY, DAY);
        return { traces, spans, latency, spanTypes };
      };
      const rollupsBefore = await rollups();
      expect(rollupsBefore.traces.reduce((n, r) => n + r.traces, 0)).toBe(30);
      const cutoff = T0 - 10 * DAY + 1; // days 10..29 are older
      expect(await store.retention.deleteTraces('old', { before: cutoff }, 7)).toBe(7);
      // Oldest first: days 29..23 went.
      expect(await store.traces.getTrace('old', 'old-day-29')).toBeNull();
      expect(await store.traces.getTrace('old', 'old-day-22')).not.toBeNull();
      expect(await store.retention.deleteTraces('old', { before: cutoff }, 7)).toBe(7);
      expect(await store.retention.deleteTraces('old', { before: cutoff }, 7)).toBe(6);
      expect(await store.retention.deleteTraces('old', { before: cutoff }, 7)).toBe(0);
      expect(await ids('old')).toEqual(Array.from({ length: 10 }, (_, d) => `old-day-${d}`).sort());
      expect(await store.traces.getTraceSpans('old', 'old-day-15')).toEqual([]);
      expect(await store.traces.getTraceEvents('old', 'old-day-15')).toEqual([]);
      expect(await store.traces.getTraceEvals('old', 'old-day-15')).toEqual([]);
      expect(await store.traces.getTraceSpans('old', 'old-day-3')).toHaveLength(1);
      expect(await store.traces.getTraceEvals('old', 'old-day-3')).toHaveLength(1);
      expect(await ids('other')).toHaveLength(5);
      expect(await rollups()).toEqual(rollupsBefore);
    });

    it('deletes a time range narrowed by environment or user, and only that', async () => {
      await seed('range', 10);
      // [day 6, day 2): days 5..2; only environment prod (even days): 4 and 2.
      const from = T0 - 6 * DAY + 1;
      const to = T0 - 2 * DAY + 1;
      expect(await store.retention.deleteTraces('range', { from, to, environment: 'prod' }, 100)).toBe(2);
      expect(await ids('range')).not.toContain('range-day-4');
      expect(await ids('range')).toContain('range-day-5');
      // user u-0: days 0, 3, 6, 9; in range only day 3.
      expect(await store.retention.deleteTraces('range', { from, to, user_id: 'u-0' }, 100)).toBe(1);
      expect(await store.retention.deleteTraces('range', { from, to }, 100)).toBe(1);
      expect(await ids('range')).toEqual(['range-day-0', 'range-day-1', 'range-day-6', 'range-day-7', 'range-day-8', 'range-day-9']);
    });
  });
}
