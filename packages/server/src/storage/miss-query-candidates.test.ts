/**
 * TraceReadStore.missQueryCandidates on every backend: traces of the window that went wrong (error,
 * negative review, failing score, a failing `user` score without a pass flag), newest first, capped,
 * experiments left out on request, each with its failing scores and an input prefix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, evalInputSchema, ingestTracesBodySchema, microsToIso } from '@tracehub/core';
import type { Store } from './store.js';
import { forEachBackend } from './testing/backends.js';
import { createIngestService } from '../ingest/ingest-service.js';
import { MISS_QUERY_TEXT_LIMIT } from './sql/miss-query-queries.js';

const MIN = 60_000_000;
const T0 = Date.parse('2026-03-01T12:00:00Z') * 1000;
const PROJECT = 'p-miss';

forEachBackend((name, open) => {
  describe(`missQueryCandidates on ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
      const service = createIngestService({ store: store.traces, prices: createPriceTable(), now: () => T0 });
      const traces = [
        { id: 'c-error', ago: 10, status: 'error' },
        { id: 'c-eval', ago: 20 },
        { id: 'c-user', ago: 30 },
        { id: 'c-review', ago: 40, review: false },
        { id: 'c-fine', ago: 5 },
        { id: 'c-passed', ago: 6 },
        { id: 'c-exp', ago: 7, status: 'error', environment: 'experiment' },
        { id: 'c-old', ago: 60 * 24 * 3, status: 'error' },
        { id: 'c-long', ago: 50, status: 'error', input: '가'.repeat(5000) },
      ];
      for (const t of traces) {
        const body = ingestTracesBodySchema.parse({
          trace: {
            trace_id: t.id, name: 'chat', status: t.status ?? 'success', environment: t.environment ?? 'prod', input_text: t.input ?? `질문 ${t.id}`,
            start_time: microsToIso(T0 - t.ago * MIN), ...(t.review !== undefined && { user_review_passed: t.review }),
          },
          spans: [],
        });
        expect((await service.ingestTraces(PROJECT, body)).rejected).toBe(0);
      }
      const evals = [
        { trace_id: 'c-eval', eval_name: 'keywords', passed: false },
        { trace_id: 'c-eval', eval_name: 'tone', passed: true },
        { trace_id: 'c-user', eval_name: 'thumbs', score: 0, source: 'user' },
        { trace_id: 'c-fine', eval_name: 'thumbs', score: 1, source: 'user' },
        { trace_id: 'c-passed', eval_name: 'keywords', passed: true, score: 0 },
      ].map((e) => evalInputSchema.parse(e));
      expect((await service.ingestEvals(PROJECT, evals)).rejected).toBe(0);
    });
    afterAll(async () => {
      await store?.close();
    });

    const read = (limit = 100, excludeEnvironment: string | null = 'experiment') =>
      store.traces.missQueryCandidates(PROJECT, { from: T0 - 24 * 60 * MIN, to: T0, limit, ...(excludeEnvironment && { excludeEnvironment }) });

    it('answers the traces that went wrong, newest first, with their failing scores', async () => {
      const rows = await read();
      expect(rows.map((r) => r.trace_id)).toEqual(['c-error', 'c-eval', 'c-user', 'c-review', 'c-long']);
      expect(rows.find((r) => r.trace_id === 'c-eval')?.failed_evals).toEqual([{ eval_name: 'keywords', source: 'api' }]);
      expect(rows.find((r) => r.trace_id === 'c-user')?.failed_evals).toEqual([{ eval_name: 'thumbs', source: 'user' }]);
      expect(rows.find((r) => r.trace_id === 'c-review')).toMatchObject({ user_review_passed: false, failed_evals: [] });
      expect(rows[0]).toMatchObject({ status: 'error', input_text: '질문 c-error', start_time: T0 - 10 * MIN, name: 'chat', decision_action: null });
      expect(rows.find((r) => r.trace_id === 'c-long')?.input_text).toHaveLength(MISS_QUERY_TEXT_LIMIT);
    });

    it('caps the answer and includes experiments only when asked', async () => {
      expect((await read(2)).map((r) => r.trace_id)).toEqual(['c-error', 'c-eval']);
      expect((await read(100, null)).map((r) => r.trace_id)).toContain('c-exp');
      expect(await store.traces.missQueryCandidates('other-project', { from: 0, to: T0, limit: 10 })).toEqual([]);
    });
  });
});
