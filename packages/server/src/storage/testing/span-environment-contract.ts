/**
 * The storage contract of span-level rollups by environment (migration 0021): span counters, span
 * types and span latency count under their trace's environment, so the experiment switch and the
 * environment filter narrow them as they narrow the trace figures, and a trace whose environment
 * changes later moves its spans along.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable, ingestTracesBodySchema, microsToIso } from '@tracehub/core';
import type { StatsFilter, StatsRollups, Store } from '../store.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const SEC = 1_000_000;
const HOUR = 3600 * SEC;
const T0 = Date.parse('2026-03-01T12:00:00Z') * 1000;
const PROJECT = 'p-span-env';

const spans = (traceId: string, start: number) => [
  { span_id: `${traceId}-graph`, name: 'graph', span_type: 'graph', start_time: microsToIso(start), end_time: microsToIso(start + 2 * SEC) },
  {
    span_id: `${traceId}-llm`, parent_span_id: `${traceId}-graph`, name: 'llm', span_type: 'llm', model: 'm1',
    start_time: microsToIso(start), end_time: microsToIso(start + SEC), input_tokens: 10, output_tokens: 5, cost: 0.5,
  },
];

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function spanEnvironmentContract(name: string, open: () => Promise<Store>): void {
  describe(`span rollups by environment: ${name}`, () => {
    let store: Store;
    const read = (filter: StatsFilter) => store.traces.statsRollups(PROJECT, T0 - HOUR, T0 + HOUR, HOUR, filter);
    const spanCount = (r: StatsRollups) => r.spans.reduce((sum, row) => sum + row.spans, 0);
    const cost = (r: StatsRollups) => r.spans.reduce((sum, row) => sum + row.cost, 0);
    const spanLatency = (r: StatsRollups) => r.latency.filter((row) => row.series.startsWith('span:')).reduce((sum, row) => sum + row.count, 0);
    const graphs = (r: StatsRollups) => r.spanTypes.find((t) => t.span_type === 'graph')?.spans ?? 0;

    beforeAll(async () => {
      store = await open();
      await store.migrate();
      const service = createIngestService({ store: store.traces, prices: createPriceTable(), now: () => T0 });
      const ingest = async (traceId: string, environment: string | undefined, withSpans: boolean) => {
        const body = ingestTracesBodySchema.parse({
          trace: { trace_id: traceId, name: 'chat', environment, start_time: microsToIso(T0 - 10 * SEC), end_time: microsToIso(T0) },
          spans: withSpans ? spans(traceId, T0 - 10 * SEC) : [],
        });
        expect((await service.ingestTraces(PROJECT, body)).rejected).toBe(0);
      };
      await ingest('se-prod', 'prod', true);
      await ingest('se-exp', 'experiment', true);
      // Ingested without an environment, then marked as an experiment by a later request without spans.
      await ingest('se-moved', undefined, true);
      await ingest('se-moved', 'experiment', false);
    });
    afterAll(async () => {
      await store.close();
    });

    it('leaves experiment spans out of the span counters, span types and span latency on request', async () => {
      const production = await read({ excludeEnvironment: 'experiment' });
      expect(spanCount(production)).toBe(2);
      expect(cost(production)).toBeCloseTo(0.5);
      expect(graphs(production)).toBe(1);
      expect(spanLatency(production)).toBe(1);
      expect([...new Set(production.spans.filter((row) => row.spans !== 0).map((row) => row.environment))]).toEqual(['prod']);
    });

    it('counts every environment without a filter and only the chosen one with it', async () => {
      const all = await read({});
      expect(spanCount(all)).toBe(6);
      expect(graphs(all)).toBe(3);
      expect(spanLatency(all)).toBe(3);
      const experiments = await read({ environment: 'experiment' });
      expect(spanCount(experiments)).toBe(4);
      expect(cost(experiments)).toBeCloseTo(1);
      expect(graphs(experiments)).toBe(2);
      expect(spanLatency(experiments)).toBe(2);
      expect(spanCount(await read({ environment: 'prod' }))).toBe(2);
    });

    it('moves a trace’s spans when its environment changes later', async () => {
      const none = await read({ environment: '' });
      expect(spanCount(none)).toBe(0);
      expect(graphs(none)).toBe(0);
      expect(none.spans.every((row) => row.spans === 0 && row.cost === 0)).toBe(true);
    });
  });
}
