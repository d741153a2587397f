/**
 * Part of the storage contract (called by store-contract.ts): the dashboard's stats reads under one
 * clock rule and one filter. Traces count by their start time; their decisions and evaluations count
 * with them, whenever those were made; experiment traces (and their scores) are left out on request;
 * a trace name narrows every trace-level read; traces outside the window are counted and dated.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, evalInputSchema, ingestTracesBodySchema, microsToIso } from '@tracehub/core';
import type { StatsFilter, Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const SEC = 1_000_000;
const HOUR = 3600 * SEC;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-01T12:00:00Z') * 1000;
const PROJECT = 'p-stats';
const FROM = T0 - DAY;
const NO_EXPERIMENTS: StatsFilter = { excludeEnvironment: 'experiment' };

/** Stats cases of the contract, run on the store `getStore()` answers (opened and migrated by the caller). */
export function statsContract(getStore: () => Store, now: () => number): void {
  describe('stats over one window and filter', () => {
    beforeAll(async () => {
      const store = getStore();
      const service = createIngestService({ store: store.traces, prices: createPriceTable(), now });
      const traces = [
        { trace_id: 'st-old', name: 'chat', environment: 'prod', start: T0 - 40 * DAY },
        { trace_id: 'st-prod', name: 'chat', environment: 'prod', start: T0 - HOUR },
        { trace_id: 'st-none', name: 'search', start: T0 - 2 * HOUR, status: 'error' },
        { trace_id: 'st-exp', name: 'item', environment: 'experiment', start: T0 - HOUR },
      ];
      for (const t of traces) {
        const body = ingestTracesBodySchema.parse({
          trace: {
            trace_id: t.trace_id, name: t.name, environment: t.environment, status: t.status ?? 'success',
            start_time: microsToIso(t.start), end_time: microsToIso(t.start + SEC),
          },
          spans: [],
        });
        expect((await service.ingestTraces(PROJECT, body)).rejected).toBe(0);
      }
      // Every evaluation and decision is made "now", inside the window: only its trace's start decides.
      const evals = [
        { trace_id: 'st-old', eval_name: 'ok', passed: true, source: 'api' },
        { trace_id: 'st-prod', eval_name: 'ok', passed: false, source: 'api' },
        { trace_id: 'st-exp', eval_name: 'ok', passed: true, source: 'experiment' },
      ].map((e) => evalInputSchema.parse({ ...e, eval_time: microsToIso(T0 - SEC) }));
      expect((await service.ingestEvals(PROJECT, evals)).rejected).toBe(0);
      for (const [id, traceId, action] of [['sd-old', 'st-old', 'BLOCK'], ['sd-prod', 'st-prod', 'ESCALATE'], ['sd-exp', 'st-exp', 'ALLOW_ANSWER']]) {
        const outcome = await store.decisions.recordDecision({
          decision: {
            project_id: PROJECT, decision_id: id, trace_id: traceId, action, reason_code: 'OK', severity: 'low', policy_id: null,
            policy_name: null, policy_version: null, policies: '[]', rule: null, judge_model: 'heuristic', signals: '{}', cached: false,
            input_hash: 'h', latency_ms: 1, idempotency_key: null, span_id: `judge-${id}`, case_id: null, created_at: T0 - SEC,
          },
          judgeRuns: [], cache: null, case: null, notifications: [], requireTrace: false,
        });
        expect(outcome).toMatchObject({ outcome: 'recorded' });
      }
    });

    const read = (filter: StatsFilter) => getStore().traces.statsRollups(PROJECT, FROM, T0, HOUR, filter);
    const traceCount = (r: Awaited<ReturnType<typeof read>>) => r.traces.reduce((sum, row) => sum + row.traces, 0);

    it('counts decisions and evaluations by their trace’s start, with the traces', async () => {
      const all = await read({});
      expect(traceCount(all)).toBe(3);
      expect(all.decisions).toEqual({ ESCALATE: 1, ALLOW_ANSWER: 1 });
      expect(all.evals).toEqual({ total: 2, passed: 1, failed: 1 });
    });

    it('leaves experiment traces and their scores out on request, keeping traces without an environment', async () => {
      const production = await read(NO_EXPERIMENTS);
      expect(traceCount(production)).toBe(2);
      expect(production.traces.map((row) => row.environment).sort()).toEqual(['', 'prod']);
      expect(production.decisions).toEqual({ ESCALATE: 1 });
      expect(production.evals).toEqual({ total: 1, passed: 0, failed: 1 });
      expect(production.latency.some((row) => row.series === 'trace:experiment')).toBe(false);
      const experiments = await read({ environment: 'experiment' });
      expect(traceCount(experiments)).toBe(1);
      expect(experiments.evals).toEqual({ total: 1, passed: 1, failed: 0 });
    });

    it('narrows decisions, evaluations and trace rows by trace name', async () => {
      const chat = await read({ ...NO_EXPERIMENTS, name: 'chat' });
      expect(chat.decisions).toEqual({ ESCALATE: 1 });
      expect(chat.evals.total).toBe(1);
      const rows = await getStore().traces.traceStatsRows(PROJECT, FROM, T0, { ...NO_EXPERIMENTS, name: 'chat' }, 10);
      expect(rows).toEqual([expect.objectContaining({ project_id: PROJECT, start_time: T0 - HOUR, environment: 'prod', status: 'success', latency_ms: 1000 })]);
      const production = await getStore().traces.traceStatsRows(PROJECT, FROM, T0, NO_EXPERIMENTS, 10);
      expect(production.map((row) => [row.start_time, row.environment])).toEqual([[T0 - 2 * HOUR, null], [T0 - HOUR, 'prod']]);
      expect(await getStore().traces.traceStatsRows(PROJECT, FROM, T0, NO_EXPERIMENTS, 1)).toHaveLength(1);
      expect(await getStore().traces.traceStatsRows(PROJECT, FROM, T0, { name: 'nothing' }, 10)).toEqual([]);
    });

    it('counts and dates the traces outside the window under the same filter', async () => {
      expect(await getStore().traces.tracesOutside(PROJECT, FROM, T0, NO_EXPERIMENTS)).toEqual({ before: 1, after: 0, latest: T0 - 40 * DAY });
      expect(await getStore().traces.tracesOutside(PROJECT, T0 - 30 * DAY - 3 * HOUR, T0 - 30 * DAY, {})).toEqual({ before: 1, after: 3, latest: T0 - HOUR });
      expect(await getStore().traces.tracesOutside(PROJECT, FROM, T0, { name: 'search' })).toEqual({ before: 0, after: 0, latest: null });
    });
  });
}
