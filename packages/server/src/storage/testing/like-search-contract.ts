/**
 * Part of the storage contract (called by store-contract.ts): every substring search takes `%`, `_`
 * and `\` literally — the trace search (short terms and terms long enough for a trigram index) and
 * the session search. A copy of the LIKE escape without its ESCAPE clause once made `a_b` miss.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, ingestTracesBodySchema, microsToIso, sessionListQuerySchema, traceListQuerySchema } from '@tracehub/core';
import type { Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const T0 = Date.parse('2026-02-07T12:00:00Z') * 1000;
const SEC = 1_000_000;
const PROJECT = 'p-like';

/** Traces whose session ids and texts differ only by LIKE's special characters. */
const TRACES = [
  { trace_id: 'like-1', session_id: 'a_b', input_text: 'rate 50%_off' },
  { trace_id: 'like-2', session_id: 'axb', input_text: 'rate 50xxoff' },
  { trace_id: 'like-3', session_id: 'a%b', input_text: 'path c:\\dir' },
  { trace_id: 'like-4', session_id: 'a\\b', input_text: 'plain words' },
  { trace_id: 'like-5', session_id: 'ab', input_text: 'cdir axb' },
];

/** LIKE-character cases of the contract, run on the store `getStore()` answers (opened and migrated by the caller). */
export function likeSearchContract(getStore: () => Store, now: () => number): void {
  describe('substring search with LIKE characters', () => {
    beforeAll(async () => {
      const service = createIngestService({ store: getStore().traces, prices: createPriceTable(), now });
      for (const [i, t] of TRACES.entries()) {
        const body = ingestTracesBodySchema.parse({ trace: { ...t, name: 'like', start_time: microsToIso(T0 + i * SEC) } });
        expect((await service.ingestTraces(PROJECT, body)).rejected).toBe(0);
      }
    });

    const traces = async (search: string) =>
      (await getStore().traces.listTraces(PROJECT, traceListQuerySchema.parse({ search, sort: 'start_time:asc' }))).rows.map((r) => r.trace_id);
    const sessions = async (search: string) =>
      (await getStore().traces.listSessions(PROJECT, sessionListQuerySchema.parse({ search }))).rows.map((r) => r.session_id).sort();

    it('trace search takes %, _ and \\ literally in short terms', async () => {
      expect(await traces('%')).toEqual(['like-1']);
      expect(await traces('_')).toEqual(['like-1']);
      expect(await traces('%_')).toEqual(['like-1']);
      expect(await traces('\\')).toEqual(['like-3']);
      expect(await traces('\\d')).toEqual(['like-3']);
    });

    it('trace search takes %, _ and \\ literally in longer terms', async () => {
      expect(await traces('50%_off')).toEqual(['like-1']);
      expect(await traces('0%_o')).toEqual(['like-1']);
      expect(await traces('c:\\dir')).toEqual(['like-3']);
      expect(await traces(':\\d')).toEqual(['like-3']);
      expect(await traces('50__off')).toEqual([]);
    });

    it('session search takes %, _ and \\ literally', async () => {
      expect(await sessions('a_b')).toEqual(['a_b']);
      expect(await sessions('_')).toEqual(['a_b']);
      expect(await sessions('%')).toEqual(['a%b']);
      expect(await sessions('a%b')).toEqual(['a%b']);
      expect(await sessions('\\')).toEqual(['a\\b']);
      expect(await sessions('a\\b')).toEqual(['a\\b']);
      expect(await sessions('xb')).toEqual(['axb']);
      expect((await sessions('b')).length).toBe(5);
    });
  });
}
