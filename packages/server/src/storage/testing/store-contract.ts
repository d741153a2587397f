/**
 * The storage contract: behaviour every backend must show, exercised through the IngestTx seam,
 * the read methods, and the ingest service on top. A new backend is done when this passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, ingestTracesBodySchema, microsToIso, traceListQuerySchema, type TraceListQuery } from '@tracehub/core';
import type { Store } from '../store.js';
import type { SpanRow, TraceRow } from '../rows.js';
import { createIngestService } from '../../ingest/ingest-service.js';
import { newTrace } from '../../ingest/trace-state.js';
import { newSpan } from '../../ingest/span-state.js';
import { traceHardeningContract } from './trace-hardening-contract.js';
import { likeSearchContract } from './like-search-contract.js';
import { searchTotalContract } from './search-total-contract.js';
import { traceDerivationContract } from './trace-derivation-contract.js';
import { spanListContract } from './span-list-contract.js';
import { evalListContract } from './eval-list-contract.js';
import { statsContract } from './stats-contract.js';
import { traceListFilterContract } from './trace-list-filter-contract.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;
const SEC = 1_000_000;
const iso = microsToIso;

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    let now = T0;
    const clock = () => now;
    const query = (q: Record<string, string> = {}): TraceListQuery => traceListQuerySchema.parse(q);
    const ingest = () => createIngestService({ store: store.traces, prices: createPriceTable(), now: clock });

    beforeAll(async () => {
      store = await open();
      const first = await store.migrate();
      expect(first.applied.length).toBeGreaterThan(0);
      expect((await store.migrate()).applied).toEqual([]);
    });
    afterAll(async () => {
      await store.close();
    });

    it('is ready after migrating', async () => {
      expect(await store.readiness()).toEqual({ ok: true });
    });

    it('stores projects and API keys by hash; a revoked key stays findable but marked', async () => {
      const project = await store.projects.createProject({ project_id: 'p1', name: 'one', created_at: now });
      expect(project?.name).toBe('one');
      expect(await store.projects.createProject({ project_id: 'p1b', name: 'one', created_at: now })).toBeNull();
      await store.projects.createApiKey({
        key_id: 'k1', project_id: 'p1', name: 'key', key_hash: 'h1', key_prefix: 'th_abc', scopes: ['read'], created_at: now, revoked_at: null,
      });
      expect(await store.projects.findApiKeyByHash('h1')).toMatchObject({ key_id: 'k1', scopes: ['read'], revoked_at: null });
      expect(await store.projects.findApiKeyByHash('nope')).toBeNull();
      expect(await store.projects.revokeApiKey('p1', 'k1', now + 1)).toBe(true);
      expect(await store.projects.revokeApiKey('p1', 'k1', now + 2)).toBe(false);
      expect((await store.projects.findApiKeyByHash('h1'))?.revoked_at).toBe(now + 1);
      expect(await store.projects.countProjects()).toBe(1);
    });

    it('claims idempotency keys once per project', async () => {
      const first = await store.traces.ingest((tx) => tx.claimIdempotencyKeys('p1', ['a', 'b']));
      expect([...first].sort()).toEqual(['a', 'b']);
      const second = await store.traces.ingest((tx) => tx.claimIdempotencyKeys('p1', ['b', 'c', 'c']));
      expect([...second]).toEqual(['c']);
      const other = await store.traces.ingest((tx) => tx.claimIdempotencyKeys('p2', ['a']));
      expect([...other]).toEqual(['a']);
    });

    it('rolls a failed transaction back whole', async () => {
      await expect(
        store.traces.ingest(async (tx) => {
          await tx.putTraces([newTrace('p1', 'rolled-back', T0, now)]);
          await tx.claimIdempotencyKeys('p1', ['rollback-key']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.traces.getTrace('p1', 'rolled-back')).toBeNull();
      const again = await store.traces.ingest((tx) => tx.claimIdempotencyKeys('p1', ['rollback-key']));
      expect(again.has('rollback-key')).toBe(true);
    });

    it('round-trips trace and span rows exactly, including JSON text, unicode and large payloads', async () => {
      const trace: TraceRow = {
        ...newTrace('p3', 'rt-1', T0 + 123_456, now),
        name: '질문 처리', status: 'success', status_set: true, end_time: T0 + 2 * SEC, user_review_passed: false,
        attributes: JSON.stringify({ nested: { a: [1, 2, { b: null }] }, emoji: '🙂' }), tags: JSON.stringify(['x', 'y']),
        input_text: 'q'.repeat(300_000), cost: 0.000123, latency_ms: 1876.544,
      };
      const span: SpanRow = {
        ...newSpan('p3', 'rt-1', 's-1', T0 + 1, now),
        input: JSON.stringify({ messages: [{ role: 'user', content: '안녕하세요' }] }), output: JSON.stringify('plain string'),
        attributes: JSON.stringify({ k: 1.5 }), input_tokens: 10, output_tokens: 5, total_tokens: 15, cost: 0.5,
        original: JSON.stringify({ name: 'before' }),
      };
      await store.traces.ingest(async (tx) => {
        await tx.putTraces([trace]);
        await tx.putSpans([span]);
      });
      const readTrace = await store.traces.getTrace('p3', 'rt-1');
      expect({ ...readTrace, attributes: JSON.parse(readTrace!.attributes), tags: JSON.parse(readTrace!.tags) }).toEqual({
        ...trace, attributes: JSON.parse(trace.attributes), tags: JSON.parse(trace.tags),
      });
      const [readSpan] = await store.traces.getTraceSpans('p3', 'rt-1');
      for (const key of ['input', 'output', 'attributes', 'original'] as const) {
        expect(JSON.parse(readSpan[key] as string)).toEqual(JSON.parse(span[key] as string));
      }
      expect({ ...readSpan, input: null, output: null, attributes: null, original: null }).toEqual({
        ...span, input: null, output: null, attributes: null, original: null,
      });
      const found = await store.traces.ingest((tx) => tx.findSpanIds('p3', 'rt-1', ['s-1', 's-2']));
      expect([...found]).toEqual(['s-1']);
      const upserted = { ...span, name: 'renamed', end_time: T0 + SEC };
      await store.traces.ingest((tx) => tx.putSpans([upserted]));
      expect((await store.traces.getTraceSpans('p3', 'rt-1'))[0]).toMatchObject({ name: 'renamed', end_time: T0 + SEC, created_at: span.created_at });
    });

    it('adds rollup deltas additively', async () => {
      const delta = {
        project_id: 'p9', bucket: T0, environment: 'prod', model: 'm', traces: 2, success: 1, errors: 1, running: 0,
        open_span_traces: 0, input_tokens: 10, output_tokens: 20, total_tokens: 30, cost: 0.5,
      };
      const spanDelta = { project_id: 'p9', bucket: T0, environment: 'prod', model: 'm', spans: 3, errors: 1, input_tokens: 1, output_tokens: 2, total_tokens: 3, cost: 0.25 };
      const latency = { project_id: 'p9', bucket: T0, environment: 'prod', series: 'trace:prod', lat_bucket: 40, count: 2 };
      const spanType = { project_id: 'p9', bucket: T0, environment: 'prod', span_type: 'graph', spans: 2, errors: 1 };
      await store.traces.ingest((tx) => tx.addRollups({ traces: [delta], spans: [spanDelta], latency: [latency], spanTypes: [spanType] }));
      await store.traces.ingest((tx) => tx.addRollups({ traces: [], spans: [], latency: [], spanTypes: [{ ...spanType, errors: -1 }] }));
      await store.traces.ingest((tx) => tx.addRollups({ traces: [{ ...delta, traces: -1, errors: -1, cost: -0.25 }], spans: [spanDelta], latency: [latency] }));
      const r = await store.traces.statsRollups('p9', T0 - 3600 * SEC, T0 + 3600 * SEC, 3600 * SEC);
      expect(r.traces).toEqual([{
        ...delta, bucket: T0 - (T0 % (3600 * SEC)), traces: 1, success: 2, errors: 0, input_tokens: 20, output_tokens: 40, total_tokens: 60, cost: 0.25,
      }]);
      expect(r.spans[0]).toMatchObject({ spans: 6, errors: 2, cost: 0.5 });
      expect(r.latency).toEqual([{ ...latency, bucket: T0 - (T0 % (3600 * SEC)), count: 4 }]);
      expect(r.spanTypes).toEqual([{ span_type: 'graph', spans: 4, errors: 0 }]);
      expect((await store.traces.statsRollups('p9', T0 - 3600 * SEC, T0 + 3600 * SEC, 3600 * SEC, { environment: 'dev' })).traces).toEqual([]);
    });

    describe('through the ingest service', () => {
      beforeAll(async () => {
        const service = ingest();
        const trace = (i: number, extra: Record<string, unknown> = {}) => ({
          trace: {
            trace_id: `t-${i}`, name: i % 2 ? 'chat' : 'search', start_time: iso(T0 + i * SEC), end_time: iso(T0 + i * SEC + (i + 1) * 100_000),
            status: i === 3 ? 'error' : 'success', model: i % 3 ? 'gpt-4.1-mini' : 'gpt-4o', environment: i < 5 ? 'prod' : 'dev',
            user_id: `u-${i % 2}`, session_id: `s-${i % 3}`, input_text: i === 4 ? 'Refund 100%_off 규정 알려줘' : `question ${i}`,
            output_text: `answer ${i}`, tags: i % 2 ? ['vip', 'beta'] : ['beta'], ...extra,
          },
          spans: [
            { span_id: 'root', name: 'root', span_type: 'chain', start_time: iso(T0 + i * SEC), end_time: iso(T0 + i * SEC + 50_000) },
            { span_id: 'llm', parent_span_id: 'root', name: 'llm', span_type: 'llm', model: 'gpt-4.1-mini', start_time: iso(T0 + i * SEC),
              end_time: i === 6 ? null : iso(T0 + i * SEC + 40_000), input_tokens: 1000, output_tokens: 500 },
          ],
        });
        for (let i = 0; i < 8; i++) {
          const result = await service.ingestTraces('p1', ingestTracesBodySchema.parse(trace(i)));
          expect(result.rejected).toBe(0);
        }
      });

      it('filters, sorts and paginates the trace list', async () => {
        const ids = async (q: Record<string, string>) => (await store.traces.listTraces('p1', query(q))).rows.map((r) => r.trace_id);
        expect((await store.traces.listTraces('p1', query({ name: 'chat' }))).total).toBe(4);
        expect(await ids({ status: 'error' })).toEqual(['t-3']);
        expect(await ids({ environment: 'dev', sort: 'start_time:asc' })).toEqual(['t-5', 't-6', 't-7']);
        expect(await ids({ model: 'gpt-4o', sort: 'start_time:asc' })).toEqual(['t-0', 't-3', 't-6']);
        expect(await ids({ user_id: 'u-0', session_id: 's-0' })).toEqual(['t-6', 't-0']);
        expect(await ids({ tag: 'vip', sort: 'start_time:asc' })).toEqual(['t-1', 't-3', 't-5', 't-7']);
        expect(await ids({ has_open_spans: 'true' })).toEqual(['t-6']);
        expect((await ids({ has_open_spans: 'false' })).length).toBe(7);
        const from = new Date((T0 + 2 * SEC) / 1000).toISOString();
        const to = new Date((T0 + 4 * SEC) / 1000).toISOString();
        expect(await ids({ from, to, sort: 'start_time:asc' })).toEqual(['t-2', 't-3']);
        expect(await ids({ sort: '-latency_ms', page_size: '2' })).toEqual(['t-7', 't-6']);
        expect(await ids({ sort: 'latency_ms:asc', page: '2', page_size: '3' })).toEqual(['t-3', 't-4', 't-5']);
        const page = await store.traces.listTraces('p1', query({ page: '3', page_size: '3' }));
        expect(page).toMatchObject({ total: 8 });
        expect(page.rows.map((r) => r.trace_id)).toEqual(['t-1', 't-0']);
        expect((await store.traces.listTraces('p2', query())).total).toBe(0);
      });

      it('searches input and output text by substring, Korean and case-insensitively, with LIKE characters literal', async () => {
        const ids = async (search: string) => (await store.traces.listTraces('p1', query({ search }))).rows.map((r) => r.trace_id);
        expect(await ids('규정')).toEqual(['t-4']);
        expect(await ids('규정 알려')).toEqual(['t-4']);
        expect(await ids('REFUND')).toEqual(['t-4']);
        expect(await ids('100%_')).toEqual(['t-4']);
        expect(await ids('%')).toEqual(['t-4']);
        expect(await ids('answer 7')).toEqual(['t-7']);
        expect(await ids('t-5')).toEqual(['t-5']);
        expect(await ids('nothing like this')).toEqual([]);
      });

      it('keeps trace aggregates and computes cost from the price table', async () => {
        const t = await store.traces.getTrace('p1', 't-6');
        expect(t).toMatchObject({ span_count: 2, open_span_count: 1, input_tokens: 1000, output_tokens: 500, total_tokens: 1500 });
        expect(t!.cost).toBeCloseTo(1000 * 0.4e-6 + 500 * 1.6e-6, 12);
      });

      it('answers rollups that match the traces', async () => {
        const r = await store.traces.statsRollups('p1', T0 - 3600 * SEC, T0 + 3600 * SEC, 3600 * SEC);
        const sum = (key: 'traces' | 'errors' | 'open_span_traces') => r.traces.reduce((s, row) => s + row[key], 0);
        expect(sum('traces')).toBe(8);
        expect(sum('errors')).toBe(1);
        expect(sum('open_span_traces')).toBe(1);
        expect(r.spans.filter((s) => s.model === 'gpt-4.1-mini').reduce((n, row) => n + row.spans, 0)).toBe(8);
        expect(r.spanTypes.sort((a, b) => a.span_type.localeCompare(b.span_type))).toEqual([
          { span_type: 'chain', spans: 8, errors: 0 },
          { span_type: 'llm', spans: 8, errors: 0 },
        ]);
        const prod = await store.traces.statsRollups('p1', T0 - 3600 * SEC, T0 + 3600 * SEC, 3600 * SEC, { environment: 'prod' });
        expect(prod.traces.reduce((s, row) => s + row.traces, 0)).toBe(5);
      });

      it('lists sessions and their traces in order', async () => {
        const sessions = await store.traces.listSessions('p1', { page: 1, page_size: 10 });
        expect(sessions.total).toBe(3);
        expect(sessions.rows[0]).toMatchObject({ session_id: 's-1', trace_count: 3 });
        const traces = await store.traces.getSessionTraces('p1', 's-0', 10);
        expect(traces.map((t) => t.trace_id)).toEqual(['t-0', 't-3', 't-6']);
      });
    });

    it('names a session’s users in order of first appearance, at most ten, and counts them all', async () => {
      const service = ingest();
      for (let i = 0; i < 12; i++) {
        const users = ['zed', 'amy', 'mid', ...Array.from({ length: 9 }, (_, k) => `u-${k}`)];
        const trace = { trace_id: `su-${i}`, session_id: 'many', user_id: users[i], start_time: iso(T0 + i * SEC) };
        expect((await service.ingestTraces('p-sessions', ingestTracesBodySchema.parse({ trace, spans: [] }))).rejected).toBe(0);
      }
      await service.ingestTraces('p-sessions', ingestTracesBodySchema.parse({ trace: { trace_id: 'su-again', session_id: 'many', user_id: 'zed', start_time: iso(T0 + 20 * SEC) }, spans: [] }));
      const [row] = (await store.traces.listSessions('p-sessions', { page: 1, page_size: 10 })).rows;
      expect(row).toMatchObject({ trace_count: 13, user_count: 12 });
      expect(row.user_ids).toEqual(['zed', 'amy', 'mid', 'u-0', 'u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6']);
    });

    traceHardeningContract(() => store, clock);
    likeSearchContract(() => store, clock);
    searchTotalContract(() => store, clock);
    traceDerivationContract(() => store, clock);
    spanListContract(() => store, clock);
    evalListContract(() => store, clock);
    statsContract(() => store, clock);
    traceListFilterContract(() => store, clock);
  });
}
