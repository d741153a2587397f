/**
 * Part of the storage contract (called by store-contract.ts): the evaluation list across traces
 * (TraceReadStore.listEvals) and deleting one evaluation (TraceWriteStore.deleteEval), which the
 * Langfuse API's scores read and delete.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, evalInputSchema, ingestTracesBodySchema, microsToIso } from '@tracehub/core';
import type { EvalFilter, Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const T0 = Date.parse('2026-02-08T09:00:00Z') * 1000;
const SEC = 1_000_000;
const PROJECT = 'p-evals';

/** Evaluation-list cases of the contract, run on the store `getStore()` answers (opened and migrated by the caller). */
export function evalListContract(getStore: () => Store, now: () => number): void {
  describe('evaluation list across traces', () => {
    beforeAll(async () => {
      const service = createIngestService({ store: getStore().traces, prices: createPriceTable(), now });
      for (let i = 0; i < 2; i++) {
        const body = ingestTracesBodySchema.parse({ trace: { trace_id: `el-${i}`, start_time: microsToIso(T0), user_id: `u-${i}` }, spans: [] });
        expect((await service.ingestTraces(PROJECT, body)).rejected).toBe(0);
      }
      const evals = [
        { trace_id: 'el-0', eval_name: 'a', score: 1, source: 'api', idempotency_key: 'k-1', eval_time: microsToIso(T0 + 1 * SEC) },
        { trace_id: 'el-0', span_id: 's-1', eval_name: 'b', passed: true, source: 'human', eval_time: microsToIso(T0 + 2 * SEC) },
        { trace_id: 'el-1', eval_name: 'a', label: 'x', source: 'judge', eval_time: microsToIso(T0 + 3 * SEC) },
      ].map((e) => evalInputSchema.parse(e));
      expect((await service.ingestEvals(PROJECT, evals)).rejected).toBe(0);
    });

    const names = async (f: Partial<EvalFilter>) => {
      const page = await getStore().traces.listEvals(PROJECT, { page: 1, page_size: 50, ...f });
      return { ids: page.rows.map((e) => `${e.trace_id}/${e.eval_name}`), total: page.total };
    };

    it('lists evaluations newest first, paged, with the total', async () => {
      expect(await names({ page_size: 2 })).toEqual({ ids: ['el-1/a', 'el-0/b'], total: 3 });
      expect(await names({ page: 2, page_size: 2 })).toEqual({ ids: ['el-0/a'], total: 3 });
      expect((await getStore().traces.listEvals('p-none', { page: 1, page_size: 10 })).total).toBe(0);
    });

    it('filters by trace, span, name, sources, user, time and idempotency key', async () => {
      expect((await names({ trace_id: 'el-0' })).ids).toEqual(['el-0/b', 'el-0/a']);
      expect((await names({ span_id: 's-1' })).ids).toEqual(['el-0/b']);
      expect((await names({ eval_name: 'a' })).total).toBe(2);
      expect((await names({ sources: ['api', 'judge'] })).ids).toEqual(['el-1/a', 'el-0/a']);
      expect((await names({ sources: [] })).total).toBe(0);
      expect((await names({ user_id: 'u-1' })).ids).toEqual(['el-1/a']);
      expect((await names({ from: T0 + 2 * SEC, to: T0 + 3 * SEC })).ids).toEqual(['el-0/b']);
      expect((await names({ idempotency_key: 'k-1' })).ids).toEqual(['el-0/a']);
    });

    it('finds an evaluation by id and deletes it once', async () => {
      const [row] = (await getStore().traces.listEvals(PROJECT, { page: 1, page_size: 1, trace_id: 'el-1' })).rows;
      expect((await names({ eval_id: row.eval_id })).total).toBe(1);
      expect(await getStore().traces.deleteEval(PROJECT, row.eval_id)).toBe(true);
      expect(await getStore().traces.deleteEval(PROJECT, row.eval_id)).toBe(false);
      expect(await getStore().traces.deleteEval('p-none', 'x')).toBe(false);
      expect((await names({})).total).toBe(2);
    });
  });
}
