/**
 * Part of the storage contract (called by store-contract.ts): the trace list's score, latency,
 * cost, token and metadata filters, the page's scores by evaluation name (TraceReadStore.traceScores)
 * and the count of unpriced spans that makes a trace's (and a session's) cost a lower bound.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, evalInputSchema, ingestTracesBodySchema, microsToIso, traceListQuerySchema } from '@tracehub/core';
import type { Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const T0 = Date.parse('2026-02-09T08:00:00Z') * 1000;
const SEC = 1_000_000;
const PROJECT = 'p-list-filters';

/** Trace-list filter cases of the contract, run on the store `getStore()` answers (opened and migrated by the caller). */
export function traceListFilterContract(getStore: () => Store, now: () => number): void {
  describe('trace list: score, latency, cost, token and metadata filters; scores; unpriced spans', () => {
    beforeAll(async () => {
      const service = createIngestService({ store: getStore().traces, prices: createPriceTable(), now });
      const at = (i: number, s: number) => microsToIso(T0 + i * 100 * SEC + s * SEC);
      const llm = (i: number, id: string, model: string, input: number, output: number, end: number, parent?: string) => ({
        span_id: id, parent_span_id: parent, name: id, span_type: 'llm', model, start_time: at(i, 0), end_time: at(i, end),
        input_tokens: input, output_tokens: output,
      });
      const traces = [
        // Priced (gpt-4o-mini), 2 s, 150 tokens, rich attributes.
        { trace: { trace_id: 'tf-a', start_time: at(0, 0), attributes: { team: 'red', 'a.b': 'dot', 'q"k\'': 'quote', n: 5, flag: true } },
          spans: [llm(0, 'gen', 'gpt-4o-mini', 100, 50, 2)] },
        // Unpriced model: tokens, no cost; 5 s.
        { trace: { trace_id: 'tf-b', start_time: at(1, 0), attributes: { team: 'blue' }, session_id: 'tf-session' }, spans: [llm(1, 'gen', 'mystery-model-x', 600, 400, 5)] },
        // Partly priced: one priced and one unpriced call under an agent span; 3 s.
        { trace: { trace_id: 'tf-c', start_time: at(2, 0), session_id: 'tf-session' }, spans: [
          { span_id: 'root', name: 'agent', span_type: 'agent', start_time: at(2, 0), end_time: at(2, 3) },
          llm(2, 'priced', 'gpt-4o', 1000, 100, 1, 'root'),
          llm(2, 'unpriced', 'in-house-llm', 10, 10, 2, 'root'),
        ] },
      ];
      for (const body of traces) expect((await service.ingestTraces(PROJECT, ingestTracesBodySchema.parse(body))).rejected).toBe(0);
      const evals = [
        { trace_id: 'tf-a', eval_name: 'quality', score: 0.9, passed: true },
        { trace_id: 'tf-a', eval_name: 'quality', score: 0.7 },
        { trace_id: 'tf-a', span_id: 'gen', eval_name: 'toxicity', passed: false },
        { trace_id: 'tf-b', eval_name: 'quality', score: 0.2, passed: false },
      ].map((e) => evalInputSchema.parse(e));
      expect((await service.ingestEvals(PROJECT, evals)).rejected).toBe(0);
    });

    const ids = async (q: Record<string, string>) =>
      (await getStore().traces.listTraces(PROJECT, traceListQuerySchema.parse({ sort: 'start_time:asc', ...q }))).rows.map((t) => t.trace_id);

    it('filters by latency, cost and total tokens (bounds inclusive)', async () => {
      expect(await ids({ latency_min: '3000' })).toEqual(['tf-b', 'tf-c']);
      expect(await ids({ latency_min: '2000', latency_max: '3000' })).toEqual(['tf-a', 'tf-c']);
      expect(await ids({ cost_min: '0.000001' })).toEqual(['tf-a', 'tf-c']);
      expect(await ids({ cost_max: '0' })).toEqual(['tf-b']);
      expect(await ids({ tokens_min: '1000' })).toEqual(['tf-b', 'tf-c']);
      expect(await ids({ tokens_max: '150' })).toEqual(['tf-a']);
    });

    it('filters by a score name and its value range', async () => {
      expect(await ids({ score_name: 'quality' })).toEqual(['tf-a', 'tf-b']);
      expect(await ids({ score_name: 'quality', score_min: '0.8' })).toEqual(['tf-a']);
      expect(await ids({ score_name: 'quality', score_max: '0.5' })).toEqual(['tf-b']);
      expect(await ids({ score_name: 'quality', score_min: '0.3', score_max: '0.6' })).toEqual([]);
      expect(await ids({ score_name: 'toxicity' })).toEqual(['tf-a']);
      expect(await ids({ score_name: 'nothing' })).toEqual([]);
    });

    it('filters by a trace attribute, with dots and quotes in the key taken literally', async () => {
      expect(await ids({ metadata_key: 'team', metadata_value: 'red' })).toEqual(['tf-a']);
      expect(await ids({ metadata_key: 'team', metadata_value: 'blue' })).toEqual(['tf-b']);
      expect(await ids({ metadata_key: 'a.b', metadata_value: 'dot' })).toEqual(['tf-a']);
      expect(await ids({ metadata_key: 'a', metadata_value: 'dot' })).toEqual([]);
      expect(await ids({ metadata_key: 'q"k\'', metadata_value: 'quote' })).toEqual(['tf-a']);
      expect(await ids({ metadata_key: '$.team', metadata_value: 'red' })).toEqual([]);
      expect(await ids({ metadata_key: 'n', metadata_value: '5' })).toEqual(['tf-a']);
      expect(await ids({ metadata_key: 'flag', metadata_value: 'true' })).toEqual(['tf-a']);
      expect(await ids({ metadata_key: "team') or 1=1 --", metadata_value: 'red' })).toEqual([]);
      // Combined with the other filters.
      expect(await ids({ metadata_key: 'team', metadata_value: 'red', score_name: 'quality', latency_max: '2000' })).toEqual(['tf-a']);
    });

    it('answers the scores of a page of traces by evaluation name in one call', async () => {
      const scores = await getStore().traces.traceScores(PROJECT, ['tf-a', 'tf-b', 'tf-c', 'tf-missing']);
      expect(scores.map((s) => ({ ...s, avg: s.avg == null ? null : Math.round(s.avg * 1000) / 1000 }))).toEqual([
        { trace_id: 'tf-a', name: 'quality', avg: 0.8, count: 2, passed: 1, failed: 0 },
        { trace_id: 'tf-a', name: 'toxicity', avg: null, count: 1, passed: 0, failed: 1 },
        { trace_id: 'tf-b', name: 'quality', avg: 0.2, count: 1, passed: 0, failed: 1 },
      ]);
      expect(await getStore().traces.traceScores(PROJECT, [])).toEqual([]);
    });

    it('counts the counted spans that report tokens without a cost (unknown or partial cost)', async () => {
      const rows = (await getStore().traces.listTraces(PROJECT, traceListQuerySchema.parse({ sort: 'start_time:asc' }))).rows;
      const byId = new Map(rows.map((t) => [t.trace_id, t]));
      expect(byId.get('tf-a')).toMatchObject({ unpriced_span_count: 0 });
      expect(byId.get('tf-a')?.cost).toBeGreaterThan(0);
      expect(byId.get('tf-b')).toMatchObject({ unpriced_span_count: 1, cost: 0, total_tokens: 1000 });
      expect(byId.get('tf-c')).toMatchObject({ unpriced_span_count: 1 });
      expect(byId.get('tf-c')?.cost).toBeGreaterThan(0);
      expect((await getStore().traces.getTrace(PROJECT, 'tf-b'))?.unpriced_span_count).toBe(1);
      // A session sums its traces' unpriced spans, so its cost reads as a lower bound too.
      const [session] = (await getStore().traces.listSessions(PROJECT, { page: 1, page_size: 10 })).rows;
      expect(session).toMatchObject({ session_id: 'tf-session', trace_count: 2, unpriced_span_count: 2 });
    });
  });
}
