/**
 * Contract cases for what a trace derives from its spans (ingest/trace-fold.ts): the root's name,
 * input, output, start and model whatever the arrival order, and usage totals that do not add a
 * parent's total to its children's — on every backend, rollups included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPriceTable, ingestSpansBodySchema, ingestTracesBodySchema, microsToIso } from '@tracehub/core';
import type { Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const T0 = Date.UTC(2026, 1, 7, 10) * 1000;
const iso = (micros: number) => microsToIso(micros);
const HOUR = 3_600_000_000;

/** A span as an OTLP export would carry it (the trace fields are left to derive). */
interface TestSpan {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  span_type: string;
  start: number;
  end: number;
  model?: string;
  input?: unknown;
  output?: unknown;
  usage?: { input_tokens: number; output_tokens: number; cost: number };
}

const body = (traceId: string, spans: TestSpan[], trace: Record<string, unknown> = {}) =>
  ingestTracesBodySchema.parse({
    trace: { trace_id: traceId, ...trace },
    allow_missing_parent: true,
    spans: spans.map((s) => ({
      span_id: s.span_id, parent_span_id: s.parent_span_id, name: s.name, span_type: s.span_type,
      start_time: iso(T0 + s.start), end_time: iso(T0 + s.end), model: s.model, input: s.input, output: s.output,
      ...(s.usage ? { input_tokens: s.usage.input_tokens, output_tokens: s.usage.output_tokens, cost: s.usage.cost } : {}),
    })),
  });

/** The agent example of issue 12: the agent span carries the total of its two model calls. */
const AGENT: TestSpan[] = [
  { span_id: 'agent', parent_span_id: null, name: 'weather agent', span_type: 'agent', start: 0, end: 9000, model: 'gpt-4o',
    input: [{ role: 'user', content: 'weather?' }], output: 'sunny', usage: { input_tokens: 22, output_tokens: 14, cost: 0.36 } },
  { span_id: 'chat-1', parent_span_id: 'agent', name: 'chat gpt-4o-mini', span_type: 'llm', start: 100, end: 3000, model: 'gpt-4o-mini',
    input: 'first call', output: 'tool please', usage: { input_tokens: 10, output_tokens: 6, cost: 0.16 } },
  { span_id: 'tool', parent_span_id: 'agent', name: 'get_weather', span_type: 'tool', start: 3000, end: 4000 },
  { span_id: 'chat-2', parent_span_id: 'agent', name: 'chat gpt-4o-mini', span_type: 'llm', start: 4000, end: 12_000, model: 'gpt-4o-mini',
    input: 'second call', output: 'it is sunny', usage: { input_tokens: 12, output_tokens: 8, cost: 0.2 } },
];

/** Trace rollup totals of a project over the test window. */
async function rollupTotals(store: Store, projectId: string) {
  const r = await store.traces.statsRollups(projectId, T0 - HOUR, T0 + 24 * HOUR, HOUR);
  const sum = (rows: { input_tokens: number; output_tokens: number; total_tokens: number; cost: number }[]) => ({
    input: rows.reduce((a, x) => a + x.input_tokens, 0),
    output: rows.reduce((a, x) => a + x.output_tokens, 0),
    total: rows.reduce((a, x) => a + x.total_tokens, 0),
    cost: Math.round(rows.reduce((a, x) => a + x.cost, 0) * 1e9) / 1e9,
  });
  return { traces: sum(r.traces), spans: sum(r.spans), count: r.traces.reduce((a, x) => a + x.traces, 0) };
}

/** What a trace looks like from outside, for comparing two ways of sending the same spans. */
async function traceView(store: Store, projectId: string, traceId: string) {
  const t = await store.traces.getTrace(projectId, traceId);
  if (!t) return null;
  const { created_at: _c, updated_at: _u, project_id: _p, ...rest } = t;
  return { ...rest, cost: Math.round(rest.cost * 1e9) / 1e9 };
}

/** Trace derivation cases, run on the store `getStore()` answers (opened and migrated by the caller). */
export function traceDerivationContract(getStore: () => Store, now: () => number): void {
  describe('what a trace derives from its spans', () => {
    const ingest = () => createIngestService({ store: getStore().traces, prices: createPriceTable(), now });
    const send = async (projectId: string, traceId: string, spans: TestSpan[], trace?: Record<string, unknown>) => {
      const result = await ingest().ingestTraces(projectId, body(traceId, spans, trace));
      expect(result.rejected).toBe(0);
    };

    it('takes name, input, output, start and model from the root, whichever span arrives first', async () => {
      const [agent, chat1, tool, chat2] = AGENT;
      await send('dv', 'root-first', [agent]);
      await send('dv', 'root-first', [chat1, tool]);
      await send('dv', 'root-first', [chat2]); // a streamed call that ended after the root was exported
      await send('dv', 'root-last', [chat2]);
      await send('dv', 'root-last', [chat1]);
      await send('dv', 'root-last', [tool, agent]);
      for (const id of ['root-first', 'root-last']) {
        expect(await getStore().traces.getTrace('dv', id)).toMatchObject({
          name: 'weather agent', input_text: '[{"role":"user","content":"weather?"}]', output_text: 'sunny',
          start_time: T0, model: 'gpt-4o', root_span_id: 'agent', span_count: 4,
        });
      }
    });

    it('takes the top-most known span when the parent lives in another service, until a higher one arrives', async () => {
      const remote = AGENT.map((s) => (s.span_id === 'agent' ? { ...s, parent_span_id: 'remote-caller' } : s));
      await send('dv', 'remote', remote.slice(1));
      // Without the agent, the earliest span whose parent is unknown stands for the trace.
      expect(await getStore().traces.getTrace('dv', 'remote')).toMatchObject({ name: 'chat gpt-4o-mini', input_text: 'first call', root_span_id: 'chat-1' });
      await send('dv', 'remote', remote.slice(0, 1));
      expect(await getStore().traces.getTrace('dv', 'remote')).toMatchObject({
        name: 'weather agent', output_text: 'sunny', model: 'gpt-4o', root_span_id: 'agent', start_time: T0,
      });
    });

    it('never derives a field a client set', async () => {
      await send('dv', 'client-set', AGENT.slice(1), { name: 'my trace', input_text: 'asked', start_time: iso(T0 - 5) });
      await send('dv', 'client-set', AGENT.slice(0, 1));
      expect(await getStore().traces.getTrace('dv', 'client-set')).toMatchObject({
        name: 'my trace', input_text: 'asked', output_text: 'sunny', start_time: T0 - 5, root_span_id: 'agent',
      });
    });

    it('does not add an agent span’s total to its children’s usage, in one request or in pieces, rollups included', async () => {
      await send('dv-whole', 'agent', AGENT);
      for (const span of AGENT) await send('dv-pieces', 'agent', [span]);
      for (const project of ['dv-whole', 'dv-pieces']) {
        expect(await getStore().traces.getTrace(project, 'agent')).toMatchObject({ input_tokens: 22, output_tokens: 14, total_tokens: 36 });
        expect((await getStore().traces.getTrace(project, 'agent'))?.cost).toBeCloseTo(0.36, 9);
        const totals = await rollupTotals(getStore(), project);
        expect(totals.traces).toEqual({ input: 22, output: 14, total: 36, cost: 0.36 });
        expect(totals.spans).toEqual({ input: 22, output: 14, total: 36, cost: 0.36 });
      }
      // A lone span with usage counts; a parent whose children report none counts too.
      await send('dv-lone', 'agent', AGENT.slice(0, 1));
      expect(await getStore().traces.getTrace('dv-lone', 'agent')).toMatchObject({ input_tokens: 22, output_tokens: 14, total_tokens: 36 });
      await send('dv-lone', 'agent', AGENT.slice(2, 3));
      expect(await getStore().traces.getTrace('dv-lone', 'agent')).toMatchObject({ total_tokens: 36 });
      // A span that links a parent with usage to a child with usage, arriving last, still avoids the double count.
      const chain: TestSpan[] = [
        { ...AGENT[0], span_id: 'a' },
        { span_id: 'b', parent_span_id: 'a', name: 'step', span_type: 'chain', start: 10, end: 20 },
        { ...AGENT[1], span_id: 'c', parent_span_id: 'b', usage: { input_tokens: 22, output_tokens: 14, cost: 0.36 } },
      ];
      await send('dv-link', 'chain', [chain[0]]);
      await send('dv-link', 'chain', [chain[2]]);
      expect((await getStore().traces.getTrace('dv-link', 'chain'))?.total_tokens).toBe(72);
      await send('dv-link', 'chain', [chain[1]]);
      expect((await getStore().traces.getTrace('dv-link', 'chain'))?.total_tokens).toBe(36);
      expect((await rollupTotals(getStore(), 'dv-link')).spans.total).toBe(36);
    });

    it('applies the same rules to spans sent as START/END events', async () => {
      const event = (span: TestSpan, type: 'START' | 'END') => ({
        trace_id: 'events', span_id: span.span_id, event_type: type, event_time: iso(T0 + (type === 'START' ? span.start : span.end)),
        ...(type === 'START'
          ? { name: span.name, span_type: span.span_type, parent_span_id: span.parent_span_id, payload: { input: span.input, model: span.model } }
          : { payload: { output: span.output, ...(span.usage ?? {}) } }),
      });
      const [agent, chat1, , chat2] = AGENT;
      const events = [event(agent, 'START'), event(chat1, 'START'), event(chat1, 'END'), event(chat2, 'START'), event(chat2, 'END'), event(agent, 'END')];
      // Children first, in two requests, the agent (root) last.
      const result1 = await ingest().ingestSpanEvents('dv-events', ingestSpansBodySchema.parse({ events: events.slice(1, 3), allow_missing_parent: true }));
      const result2 = await ingest().ingestSpanEvents('dv-events', ingestSpansBodySchema.parse({ events: [...events.slice(3), events[0]], allow_missing_parent: true }));
      expect(result1.rejected + result2.rejected).toBe(0);
      expect(await getStore().traces.getTrace('dv-events', 'events')).toMatchObject({
        name: 'weather agent', output_text: 'sunny', model: 'gpt-4o', root_span_id: 'agent', input_tokens: 22, output_tokens: 14, total_tokens: 36,
      });
      expect((await rollupTotals(getStore(), 'dv-events')).spans).toEqual({ input: 22, output: 14, total: 36, cost: 0.36 });
    });

    it('gives the same trace and rollups for the same spans in any order and any split (property)', async () => {
      let run = 0;
      // A random tree: each span's parent is an earlier span (or none / a remote parent for the first).
      const tree = fc
        .array(
          fc.record({
            parent: fc.nat(),
            start: fc.nat({ max: 50 }),
            length: fc.nat({ max: 50 }),
            usage: fc.option(fc.record({ input_tokens: fc.integer({ min: 1, max: 50 }), output_tokens: fc.nat({ max: 50 }), cost: fc.constantFrom(0, 0.5, 1.25) }), { nil: undefined }),
            model: fc.option(fc.constantFrom('gpt-4o', 'gpt-4o-mini'), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 7 },
        )
        .map((nodes) =>
          nodes.map((n, i): TestSpan => ({
            span_id: `s${i}`,
            parent_span_id: i === 0 ? (n.parent % 2 ? 'remote' : null) : `s${n.parent % i}`,
            name: `span ${i}`, span_type: n.usage ? 'llm' : 'chain', start: n.start * 1000 + i, end: (n.start + n.length) * 1000 + i,
            model: n.model, input: `in ${i}`, output: `out ${i}`, usage: n.usage,
          })),
        );
      const plan = tree.chain((spans) =>
        fc.record({ spans: fc.constant(spans), order: fc.shuffledSubarray(spans, { minLength: spans.length, maxLength: spans.length }), cuts: fc.array(fc.nat({ max: spans.length }), { maxLength: 4 }) }),
      );
      await fc.assert(
        fc.asyncProperty(plan, async ({ spans, order, cuts }) => {
          run += 1;
          const [whole, split] = [`pw-${run}`, `ps-${run}`];
          await send(whole, 't', spans);
          const bounds = [...new Set([0, ...cuts, order.length])].sort((a, b) => a - b);
          for (let i = 0; i + 1 < bounds.length; i++) {
            if (bounds[i] < bounds[i + 1]) await send(split, 't', order.slice(bounds[i], bounds[i + 1]));
          }
          expect(await traceView(getStore(), split, 't')).toEqual(await traceView(getStore(), whole, 't'));
          expect(await rollupTotals(getStore(), split)).toEqual(await rollupTotals(getStore(), whole));
        }),
        { seed: 20261207, numRuns: Number(process.env.TRACEHUB_FUZZ_RUNS ?? 25) },
      );
    });
  });
}
