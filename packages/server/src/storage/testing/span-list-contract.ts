/**
 * Part of the storage contract (called by store-contract.ts): the span list across traces
 * (TraceReadStore.listSpans), the trace list's release, version and all-of-tags filters and the
 * session list's time window, which the Langfuse API's observations, traces and sessions lists read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, ingestTracesBodySchema, microsToIso, traceListQuerySchema } from '@tracehub/core';
import type { SpanFilter, Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const T0 = Date.parse('2026-02-07T14:00:00Z') * 1000;
const SEC = 1_000_000;
const PROJECT = 'p-spans';

/** Span-list cases of the contract, run on the store `getStore()` answers (opened and migrated by the caller). */
export function spanListContract(getStore: () => Store, now: () => number): void {
  describe('span list across traces', () => {
    beforeAll(async () => {
      const service = createIngestService({ store: getStore().traces, prices: createPriceTable(), now });
      for (let i = 0; i < 3; i++) {
        const start = (n: number) => microsToIso(T0 + i * 10 * SEC + n * SEC);
        const body = ingestTracesBodySchema.parse({
          trace: {
            trace_id: `sl-${i}`, name: 'agent', start_time: start(0), user_id: i === 2 ? 'u-b' : 'u-a', release: `r-${i % 2}`,
            version: 'v1', tags: i === 0 ? ['a', 'b'] : ['a'], session_id: `ss-${i % 2}`,
          },
          spans: [
            { span_id: 'root', name: 'root', span_type: 'agent', start_time: start(0), end_time: start(3) },
            { span_id: 'gen', parent_span_id: 'root', name: 'gen', span_type: 'llm', start_time: start(1), end_time: start(2), status: i === 1 ? 'error' : 'success' },
          ],
        });
        expect((await service.ingestTraces(PROJECT, body)).rejected).toBe(0);
      }
    });

    const spans = async (f: Partial<SpanFilter>) => {
      const page = await getStore().traces.listSpans(PROJECT, { page: 1, page_size: 50, ...f });
      return { ids: page.rows.map((s) => `${s.trace_id}/${s.span_id}`), total: page.total };
    };

    it('lists spans oldest first, paged, with the total', async () => {
      expect(await spans({ page_size: 4 })).toEqual({ ids: ['sl-0/root', 'sl-0/gen', 'sl-1/root', 'sl-1/gen'], total: 6 });
      expect(await spans({ page: 2, page_size: 4 })).toEqual({ ids: ['sl-2/root', 'sl-2/gen'], total: 6 });
      expect((await getStore().traces.listSpans('p-none', { page: 1, page_size: 10 })).total).toBe(0);
    });

    it('filters by trace, span id, name, types, parent, root, level, user, session and start time', async () => {
      expect((await spans({ trace_id: 'sl-1' })).ids).toEqual(['sl-1/root', 'sl-1/gen']);
      expect((await spans({ span_id: 'gen' })).ids).toEqual(['sl-0/gen', 'sl-1/gen', 'sl-2/gen']);
      expect((await spans({ name: 'root', trace_id: 'sl-2' })).ids).toEqual(['sl-2/root']);
      expect((await spans({ span_types: ['agent'] })).total).toBe(3);
      expect((await spans({ span_types: ['agent', 'llm'] })).total).toBe(6);
      expect((await spans({ span_types: [] })).total).toBe(0);
      expect((await spans({ parent_span_id: 'root' })).total).toBe(3);
      expect((await spans({ level: 'ERROR' })).ids).toEqual(['sl-1/gen']);
      expect((await spans({ user_id: 'u-b' })).ids).toEqual(['sl-2/root', 'sl-2/gen']);
      expect((await spans({ session_id: 'ss-1' })).ids).toEqual(['sl-1/root', 'sl-1/gen']);
      expect((await spans({ root: true })).ids).toEqual(['sl-0/root', 'sl-1/root', 'sl-2/root']);
      expect((await spans({ root: false, trace_id: 'sl-0' })).ids).toEqual(['sl-0/gen']);
      expect((await spans({ from: T0 + 10 * SEC, to: T0 + 21 * SEC })).ids).toEqual(['sl-1/root', 'sl-1/gen', 'sl-2/root']);
    });

    it('filters the trace list by release, version and every one of several tags', async () => {
      const ids = async (extra: { release?: string; version?: string; tags?: string[] }) =>
        (await getStore().traces.listTraces(PROJECT, { ...traceListQuerySchema.parse({ sort: 'start_time:asc' }), ...extra })).rows.map((t) => t.trace_id);
      expect(await ids({ release: 'r-0' })).toEqual(['sl-0', 'sl-2']);
      expect(await ids({ version: 'v1' })).toEqual(['sl-0', 'sl-1', 'sl-2']);
      expect(await ids({ version: 'v2' })).toEqual([]);
      expect(await ids({ tags: ['a', 'b'] })).toEqual(['sl-0']);
      expect(await ids({ tags: ['a'] })).toEqual(['sl-0', 'sl-1', 'sl-2']);
    });

    it('keeps sessions with a trace starting in [from, to)', async () => {
      const sessions = async (from: number, to: number) =>
        (await getStore().traces.listSessions(PROJECT, { page: 1, page_size: 10, from, to })).rows.map((r) => r.session_id);
      expect(await sessions(T0, T0 + 11 * SEC)).toEqual(['ss-1', 'ss-0']);
      expect(await sessions(T0 + 15 * SEC, T0 + 30 * SEC)).toEqual(['ss-0']);
      expect(await sessions(T0 + 30 * SEC, T0 + 40 * SEC)).toEqual([]);
    });
  });
}
