/**
 * Part of the storage contract (called by store-contract.ts): a trace search counts at most
 * TRACE_SEARCH_TOTAL_CAP matches (or up to the end of the requested page) and says when its total is a
 * lower bound; fewer matches, or no search, give the exact total.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, ingestTracesBodySchema, microsToIso, TRACE_SEARCH_TOTAL_CAP, traceListQuerySchema } from '@tracehub/core';
import type { Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const T0 = Date.parse('2026-02-07T14:00:00Z') * 1000;
const SEC = 1_000_000;
const PROJECT = 'p-search-total';
/** Five more matches of the common term than the cap; three of them also carry the rare term. */
const MATCHES = TRACE_SEARCH_TOTAL_CAP + 5;

/** Capped search totals of the contract, run on the store `getStore()` answers (opened and migrated by the caller). */
export function searchTotalContract(getStore: () => Store, now: () => number): void {
  describe('capped total of a trace search', () => {
    beforeAll(async () => {
      const service = createIngestService({ store: getStore().traces, prices: createPriceTable(), now });
      const ingestOne = async (i: number) => {
        const input_text = i < 3 ? `common words and a zebrafinch ${i}` : `common words ${i}`;
        const body = ingestTracesBodySchema.parse({ trace: { trace_id: `st-${i}`, name: 'search-total', input_text, start_time: microsToIso(T0 + i * SEC) } });
        expect((await service.ingestTraces(PROJECT, body)).rejected).toBe(0);
      };
      for (let i = 0; i < MATCHES; i += 25) await Promise.all(Array.from({ length: Math.min(25, MATCHES - i) }, (_, k) => ingestOne(i + k)));
    }, 120_000);

    const list = (q: Record<string, string>) => getStore().traces.listTraces(PROJECT, traceListQuerySchema.parse(q));

    it('a search with more matches than the cap answers the cap as a lower bound', async () => {
      const page = await list({ search: 'common words', page_size: '50' });
      expect(page.rows).toHaveLength(50);
      expect(page).toMatchObject({ total: TRACE_SEARCH_TOTAL_CAP, total_is_lower_bound: true });
    });

    it('a search with fewer matches than the cap answers the exact total', async () => {
      const page = await list({ search: 'zebrafinch' });
      expect(page.rows.map((r) => r.trace_id).sort()).toEqual(['st-0', 'st-1', 'st-2']);
      expect(page).toMatchObject({ total: 3, total_is_lower_bound: false });
    });

    it('a search with few matches pages them in the requested order', async () => {
      const ids = async (q: Record<string, string>) => (await list({ search: 'zebrafinch', ...q })).rows.map((r) => r.trace_id);
      expect(await ids({ sort: 'start_time:desc' })).toEqual(['st-2', 'st-1', 'st-0']);
      expect(await ids({ sort: 'start_time:asc', page_size: '2' })).toEqual(['st-0', 'st-1']);
      expect(await ids({ sort: 'start_time:asc', page_size: '2', page: '2' })).toEqual(['st-2']);
      expect(await ids({ sort: 'start_time:asc', page_size: '2', page: '3' })).toEqual([]);
    });

    it('a page past the cap counts to its end, so paging on sees the exact total', async () => {
      const page = await list({ search: 'common words', page_size: '50', page: String(TRACE_SEARCH_TOTAL_CAP / 50 + 1) });
      expect(page.rows).toHaveLength(5);
      expect(page).toMatchObject({ total: MATCHES, total_is_lower_bound: false });
    });

    it('a list without search counts exactly', async () => {
      expect(await list({ name: 'search-total' })).toMatchObject({ total: MATCHES, total_is_lower_bound: false });
    });
  });
}
