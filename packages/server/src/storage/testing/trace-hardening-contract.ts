/**
 * Part of the storage contract (called by store-contract.ts): text no database can hold as sent
 * (NUL, `\u0000` escapes, lone surrogates), extreme but accepted numbers, 128-character ids, rows
 * with out-of-range times left by older versions, and deleting a trace with everything about it.
 */
import { describe, expect, it } from 'vitest';
import {
  createPriceTable,
  evalInputSchema,
  ingestSpansBodySchema,
  ingestTracesBodySchema,
  microsToIso,
  traceListQuerySchema,
} from '@tracehub/core';
import type { Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';
import { newTrace } from '../../ingest/trace-state.js';
import { newSpan } from '../../ingest/span-state.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;
const iso = microsToIso;
/** A 128-character id with characters that must be URL-encoded. */
export const LONG_ID = `${'id/ä %?#'.repeat(16)}`;

/** Strings as stored: SQLite keeps NUL characters, PostgreSQL drops them; lone surrogates may become U+FFFD. */
const storedAs = (sent: string) => [sent, sent.replace(/\u0000/g, ''), sent.replace(/\u0000/g, '').replace(/[\ud800-\udfff]/g, '\ufffd')];

/** Hardening cases of the contract, run on the store `getStore()` answers (opened and migrated by the caller). */
export function traceHardeningContract(getStore: () => Store, now: () => number): void {
  describe('text, numbers and ids at the edge', () => {
    const ingest = () => createIngestService({ store: getStore().traces, prices: createPriceTable(), now });

    it('accepts NUL, the text \\u0000, lone surrogates, huge costs and 128-character ids, and reads them back', async () => {
      expect(LONG_ID).toHaveLength(128);
      const body = ingestTracesBodySchema.parse({
        trace: {
          trace_id: LONG_ID, name: 'nul\u0000name', start_time: iso(T0), input_text: 'in\u0000put \\u0000 \ud800 lone',
          attributes: { nul: 'a\u0000b', text: '\\u0000', lone: 'x\udc00y', pair: '🙂', [`key\u0000`]: 1 }, tags: ['t\u0000ag'],
        },
        spans: [
          { span_id: LONG_ID, name: 'root\ud800', start_time: iso(T0), end_time: iso(T0 + 1000), cost: 1_000_000, input_tokens: 1_000_000_000,
            input: { deep: 'v\u0000', text: '\\u0000' }, output: 'out\u0000 \\u0000 \udfff', attributes: { a: '\ud83d' } },
          // A sibling, not a child: a parent's usage is not added to its children's (trace-fold.ts).
          { span_id: 's2', name: 'sibling', start_time: iso(T0 + 1), cost: 1_000_000, output: '\\\\u0000' },
        ],
      });
      const result = await ingest().ingestTraces('hp', body);
      expect(result).toMatchObject({ accepted: 3, rejected: 0 });
      const events = await ingest().ingestSpanEvents('hp', ingestSpansBodySchema.parse({
        events: [{ trace_id: LONG_ID, span_id: 's2', event_type: 'LOG', event_time: iso(T0 + 5), payload: { message: 'log\u0000 \\u0000 \ud800' } }],
      }));
      expect(events).toMatchObject({ accepted: 1, rejected: 0 });
      const evals = await ingest().ingestEvals('hp', [evalInputSchema.parse({ trace_id: LONG_ID, eval_name: 'e\u0000', score: 1e12, comment: '\\u0000\u0000' })]);
      expect(evals).toMatchObject({ accepted: 1, rejected: 0 });

      const store = getStore().traces;
      const page = await store.listTraces('hp', traceListQuerySchema.parse({}));
      expect(page.rows.map((r) => r.trace_id)).toEqual([LONG_ID]);
      const trace = await store.getTrace('hp', LONG_ID);
      expect(storedAs('nul\u0000name')).toContain(trace?.name);
      expect(trace?.cost).toBe(2_000_000);
      const attributes = JSON.parse(trace!.attributes) as Record<string, string>;
      expect(attributes.text).toBe('\\u0000');
      expect(attributes.pair).toBe('🙂');
      expect(storedAs('a\u0000b')).toContain(attributes.nul);
      expect(storedAs('x\udc00y')).toContain(attributes.lone);
      const spans = await store.getTraceSpans('hp', LONG_ID);
      expect(spans.map((s) => s.span_id).sort()).toEqual([LONG_ID, 's2'].sort());
      const root = spans.find((s) => s.span_id === LONG_ID)!;
      expect(JSON.parse(root.input!)).toMatchObject({ text: '\\u0000' });
      expect(storedAs('out\u0000 \\u0000 \udfff')).toContain(JSON.parse(root.output!));
      expect(JSON.parse(spans.find((s) => s.span_id === 's2')!.output!)).toBe('\\\\u0000');
      expect(await store.getTraceEvents('hp', LONG_ID)).toHaveLength(1);
      expect(await store.getTraceEvals('hp', LONG_ID)).toHaveLength(1);
    });

    it('stores tabs, newlines, carriage returns and backslashes alike in new spans, updated spans and events', async () => {
      // New spans and events take PostgreSQL's COPY path, updated spans the upsert (pg-copy.ts).
      const text = 'a\tb\nc\r\nd \\ e \\N \\t \u00e4 "q"';
      const span = (id: string, start: number) => ({
        span_id: id, name: `n ${text}`, start_time: iso(start), end_time: iso(start + 10), status: 'error' as const,
        status_message: text, input: { text, list: [text] }, output: text, attributes: { [`k\t${text}`]: text }, level: 'WARNING' as const,
      });
      const send = (spans: ReturnType<typeof span>[]) =>
        ingest().ingestTraces('esc', ingestTracesBodySchema.parse({ trace: { trace_id: 'esc', input_text: text }, spans }));
      expect(await send([span('fresh', T0)])).toMatchObject({ accepted: 2, rejected: 0 });
      expect(await send([span('fresh', T0), span('later', T0 + 5)])).toMatchObject({ accepted: 3, rejected: 0 });
      const events = await ingest().ingestSpanEvents('esc', ingestSpansBodySchema.parse({
        events: [{ trace_id: 'esc', span_id: 'later', event_type: 'LOG', event_time: iso(T0 + 7), payload: { message: text } }],
      }));
      expect(events).toMatchObject({ accepted: 1, rejected: 0 });
      const store = getStore().traces;
      const spans = await store.getTraceSpans('esc', 'esc');
      const shape = (id: string) => {
        const s = spans.find((r) => r.span_id === id)!;
        return { name: s.name, status_message: s.status_message, input: JSON.parse(s.input!), output: JSON.parse(s.output!), attributes: JSON.parse(s.attributes) };
      };
      const expected = { name: `n ${text}`, status_message: text, input: { text, list: [text] }, output: text, attributes: { [`k\t${text}`]: text } };
      expect(shape('fresh')).toEqual(expected);
      expect(shape('later')).toEqual(expected);
      const [event] = await store.getTraceEvents('esc', 'esc');
      expect(JSON.parse(event.payload)).toEqual({ message: text });
      expect((await store.getTrace('esc', 'esc'))?.input_text).toBe(text);
    });
  });

  describe('deleting a trace', () => {
    it('removes the trace with its spans, events and evals and nothing else', async () => {
      const service = createIngestService({ store: getStore().traces, prices: createPriceTable(), now });
      for (const id of ['gone', 'kept']) {
        await service.ingestTraces('dp', ingestTracesBodySchema.parse({
          trace: { trace_id: id, name: id, start_time: iso(T0) },
          spans: [{ span_id: 'a', name: 'a', start_time: iso(T0), idempotency_key: `${id}-a` }],
        }));
        await service.ingestSpanEvents('dp', ingestSpansBodySchema.parse({ events: [{ trace_id: id, span_id: 'a', event_type: 'END', event_time: iso(T0 + 10) }] }));
        await service.ingestEvals('dp', [evalInputSchema.parse({ trace_id: id, eval_name: 'x', passed: true })]);
      }
      const store = getStore().traces;
      expect(await store.deleteTrace('dp', 'gone')).toBe(true);
      expect(await store.getTrace('dp', 'gone')).toBeNull();
      expect(await store.getTraceSpans('dp', 'gone')).toEqual([]);
      expect(await store.getTraceEvents('dp', 'gone')).toEqual([]);
      expect(await store.getTraceEvals('dp', 'gone')).toEqual([]);
      expect(await store.deleteTrace('dp', 'gone')).toBe(false);
      expect(await store.deleteTrace('other-project', 'kept')).toBe(false);
      expect(await store.getTrace('dp', 'kept')).not.toBeNull();
      expect(await store.getTraceSpans('dp', 'kept')).toHaveLength(1);
      expect(await store.getTraceEvals('dp', 'kept')).toHaveLength(1);
    });

    it('lists and deletes a trace whose stored times are out of range (written by an older version)', async () => {
      const store = getStore().traces;
      // A nanosecond epoch taken for milliseconds and stored as microseconds would not even fit a
      // BIGINT; this is the largest such value both backends can hold.
      const broken = 1_770_000_000_000_000_000;
      await store.ingest(async (tx) => {
        await tx.putTraces([{ ...newTrace('bp', 'broken', broken, now()), end_time: broken + 5, latency_ms: 1e15 }]);
        await tx.putSpans([{ ...newSpan('bp', 'broken', 's', broken, now()), end_time: -broken, cost: Number.POSITIVE_INFINITY }]);
      });
      const page = await store.listTraces('bp', traceListQuerySchema.parse({}));
      expect(page.rows.map((r) => r.trace_id)).toEqual(['broken']);
      // An infinite cost (SQLite kept it; PostgreSQL's JSON has no Infinity) reads as null.
      expect((await store.getTraceSpans('bp', 'broken'))[0].cost).toBeNull();
      expect(await store.deleteTrace('bp', 'broken')).toBe(true);
      expect((await store.listTraces('bp', traceListQuerySchema.parse({}))).total).toBe(0);
    });
  });
}
