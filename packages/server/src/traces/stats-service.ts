/**
 * `GET /traces/stats/overview`: totals, percentiles and a time series, read from the per-minute rollups.
 * One clock rule: a trace counts in the window its start time falls in, and so do its decisions and
 * evaluations (whenever they were made), so every trace-level figure covers the same traces.
 */
import { EXPERIMENT_ENVIRONMENT, histogramQuantiles, microsToIso, type PriceTable, type StatsOverview, type StatsQuery } from '@tracehub/core';
import { createRollupAccumulator } from '../ingest/rollup-accumulator.js';
import { InvalidError } from '../domain-errors.js';
import type { StatsFilter, StatsRollups, TraceReadStore } from '../storage/store.js';

const MINUTE = 60_000_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One UTC day of {@link createStatsService}'s `daily`: totals and usage per model. */
export interface DailyStats {
  /** The day's start, in microseconds. */
  day: number;
  traces: number;
  spans: number;
  cost: number;
  models: { model: string; traces: number; spans: number; input_tokens: number; output_tokens: number; total_tokens: number; cost: number }[];
}
const QUANTILES = [0.5, 0.9, 0.95, 0.99];

/** Most traces a trace-name filter folds per overview (the rollups have no name: those traces are read). */
export const NAME_FILTER_TRACE_LIMIT = 100_000;

/** The store filter of a stats query: experiments are left out unless asked for or chosen as the environment. */
export function statsFilterOf(query: Pick<StatsQuery, 'environment' | 'name' | 'include_experiments'>): StatsFilter {
  const excluded = !query.include_experiments && query.environment !== EXPERIMENT_ENVIRONMENT;
  return {
    ...(query.environment !== undefined && { environment: query.environment }),
    ...(excluded && { excludeEnvironment: EXPERIMENT_ENVIRONMENT }),
    ...(query.name !== undefined && { name: query.name }),
  };
}

/**
 * With a trace-name filter, the trace series (counters and trace latency) are folded from the
 * matching traces by the ingest's own rollup accumulator, then summed per `bucket` as the rollups are.
 */
async function nameFilteredTraceSeries(
  store: TraceReadStore, projectId: string, from: number, to: number, bucket: number, filter: StatsFilter,
): Promise<Pick<StatsRollups, 'traces' | 'latency'>> {
  const rows = await store.traceStatsRows(projectId, from, to, filter, NAME_FILTER_TRACE_LIMIT + 1);
  if (rows.length > NAME_FILTER_TRACE_LIMIT) {
    throw new InvalidError(`more than ${NAME_FILTER_TRACE_LIMIT} traces of this name in the window; choose a shorter window`);
  }
  const acc = createRollupAccumulator();
  for (const row of rows) acc.trace(undefined, row);
  const { traces, latency } = acc.deltas();
  const rebucket = (b: number) => Math.floor(b / bucket) * bucket;
  return {
    traces: traces.map((r) => ({ ...r, bucket: rebucket(r.bucket) })),
    latency: latency.map((r) => ({ ...r, bucket: rebucket(r.bucket) })),
  };
}

/** Time-series bucket width for a window: about 12–72 points, never finer than 10 minutes. */
export function bucketFor(lastHours: number): number {
  if (lastHours <= 6) return 10 * MINUTE; // the latency histograms' granularity
  if (lastHours <= 72) return HOUR;
  if (lastHours <= 24 * 14) return 6 * HOUR;
  return 24 * HOUR;
}

const percentiles = (counts: Map<number, number>) => {
  const [p50, p90, p95, p99] = histogramQuantiles(counts, QUANTILES);
  return { p50, p90, p95, p99 };
};
const addCount = (map: Map<number, number>, key: number, n: number) => map.set(key, (map.get(key) ?? 0) + n);
const round = (v: number, digits = 6) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Creates the stats service. `now` is the clock in microseconds. */
export function createStatsService(store: TraceReadStore, now: () => number, prices?: PriceTable) {
  /** Whether the price table knows `model` (without a table every model counts as priced). */
  const priced = (model: string) => !prices || prices.cost(model, { input_tokens: 1, output_tokens: 1 }) !== null;
  return {
    /**
     * Totals per UTC day with rollups in [from, to) microseconds, newest day first, days without
     * traces or spans left out: traces (and their cost) by the trace's day, spans and token usage by
     * model from the span rollups; a model's trace count is the traces whose model it is.
     */
    async daily(projectId: string, from: number, to: number): Promise<DailyStats[]> {
      const r = await store.statsRollups(projectId, from, to, DAY);
      const days = new Map<number, DailyStats>();
      const day = (bucket: number) => {
        let d = days.get(bucket);
        if (!d) days.set(bucket, (d = { day: bucket, traces: 0, spans: 0, cost: 0, models: [] }));
        return d;
      };
      const model = (d: DailyStats, name: string) => {
        let m = d.models.find((x) => x.model === name);
        if (!m) d.models.push((m = { model: name, traces: 0, spans: 0, input_tokens: 0, output_tokens: 0, total_tokens: 0, cost: 0 }));
        return m;
      };
      for (const row of r.traces) {
        const d = day(row.bucket);
        d.traces += row.traces;
        d.cost += row.cost;
        if (row.model) model(d, row.model).traces += row.traces;
      }
      for (const row of r.spans) {
        const d = day(row.bucket);
        d.spans += row.spans;
        if (!row.model) continue;
        const m = model(d, row.model);
        m.spans += row.spans;
        m.input_tokens += row.input_tokens;
        m.output_tokens += row.output_tokens;
        m.total_tokens += row.total_tokens;
        m.cost = round(m.cost + row.cost);
      }
      return [...days.values()]
        .filter((d) => d.traces > 0 || d.spans > 0)
        .map((d) => ({ ...d, cost: round(d.cost), models: d.models.sort((a, b) => a.model.localeCompare(b.model)) }))
        .sort((a, b) => b.day - a.day);
    },

    async overview(projectId: string, query: StatsQuery): Promise<StatsOverview> {
      const to = Math.ceil(now() / MINUTE) * MINUTE;
      const from = to - Math.round(query.last_hours * HOUR / MINUTE) * MINUTE;
      const bucket = bucketFor(query.last_hours);
      const filter = statsFilterOf(query);
      const [rollups, named, outside] = await Promise.all([
        store.statsRollups(projectId, from, to, bucket, filter),
        filter.name !== undefined ? nameFilteredTraceSeries(store, projectId, from, to, bucket, filter) : undefined,
        store.tracesOutside(projectId, from, to, filter),
      ]);
      const r = named
        ? { ...rollups, traces: named.traces, latency: [...rollups.latency.filter((row) => !row.series.startsWith('trace:')), ...named.latency] }
        : rollups;
      const byAction = r.decisions;

      const traces = { total: 0, success: 0, error: 0, running: 0, open: 0 };
      const tokens = { input: 0, output: 0, total: 0 };
      let cost = 0;
      const series = new Map<number, { traces: number; errors: number; spans: number; total_tokens: number; cost: number; latency: Map<number, number> }>();
      const point = (b: number) => {
        let p = series.get(b);
        if (!p) series.set(b, (p = { traces: 0, errors: 0, spans: 0, total_tokens: 0, cost: 0, latency: new Map() }));
        return p;
      };
      for (const row of r.traces) {
        traces.total += row.traces;
        traces.success += row.success;
        traces.error += row.errors;
        traces.running += row.running;
        traces.open += row.open_span_traces;
        tokens.input += row.input_tokens;
        tokens.output += row.output_tokens;
        tokens.total += row.total_tokens;
        cost += row.cost;
        const p = point(row.bucket);
        p.traces += row.traces;
        p.errors += row.errors;
        p.total_tokens += row.total_tokens;
        p.cost += row.cost;
      }
      const models = new Map<string, { spans: number; errors: number; input_tokens: number; output_tokens: number; total_tokens: number; cost: number; latency: Map<number, number> }>();
      const model = (name: string) => {
        let m = models.get(name);
        if (!m) models.set(name, (m = { spans: 0, errors: 0, input_tokens: 0, output_tokens: 0, total_tokens: 0, cost: 0, latency: new Map() }));
        return m;
      };
      const spans = { total: 0, error: 0 };
      for (const row of r.spans) {
        spans.total += row.spans;
        spans.error += row.errors;
        point(row.bucket).spans += row.spans;
        if (!row.model) continue;
        const m = model(row.model);
        m.spans += row.spans;
        m.errors += row.errors;
        m.input_tokens += row.input_tokens;
        m.output_tokens += row.output_tokens;
        m.total_tokens += row.total_tokens;
        m.cost += row.cost;
      }
      const traceLatency = new Map<number, number>();
      for (const row of r.latency) {
        if (row.series.startsWith('trace:')) {
          addCount(traceLatency, row.lat_bucket, row.count);
          addCount(point(row.bucket).latency, row.lat_bucket, row.count);
        } else if (row.series.startsWith('span:')) {
          addCount(model(row.series.slice(5)).latency, row.lat_bucket, row.count);
        }
      }
      const timeseries = [];
      for (let b = Math.floor(from / bucket) * bucket; b < to; b += bucket) {
        const p = series.get(b);
        timeseries.push({
          bucket_start: microsToIso(b),
          traces: p?.traces ?? 0,
          errors: p?.errors ?? 0,
          spans: p?.spans ?? 0,
          total_tokens: p?.total_tokens ?? 0,
          cost: round(p?.cost ?? 0),
          latency_p95_ms: p ? histogramQuantiles(p.latency, [0.95])[0] : null,
        });
      }
      return {
        window: { from: microsToIso(from), to: microsToIso(to), last_hours: query.last_hours, bucket_seconds: bucket / 1_000_000 },
        filters: {
          environment: query.environment ?? null,
          name: query.name ?? null,
          include_experiments: filter.excludeEnvironment === undefined,
          // The span rollups carry the environment (migration 0021) but no trace name.
          span_figures_filtered: filter.name === undefined,
        },
        outside: { before: outside.before, after: outside.after, latest: outside.latest == null ? null : microsToIso(outside.latest) },
        traces: {
          total: traces.total,
          success: traces.success,
          error: traces.error,
          running: traces.running,
          error_rate: traces.total ? round(traces.error / traces.total, 4) : 0,
          open_span_traces: traces.open,
        },
        latency_ms: percentiles(traceLatency),
        tokens,
        cost: { total: round(cost), unpriced_traces: r.unpricedTraces },
        spans: { ...spans, by_type: [...r.spanTypes].sort((a, b) => b.spans - a.spans || a.span_type.localeCompare(b.span_type)) },
        langgraph_runs: r.spanTypes.find((t) => t.span_type === 'graph')?.spans ?? 0,
        models: [...models.entries()]
          .map(([name, m]) => ({
            model: name, spans: m.spans, errors: m.errors, input_tokens: m.input_tokens, output_tokens: m.output_tokens,
            total_tokens: m.total_tokens, cost: m.cost === 0 && !priced(name) ? null : round(m.cost), latency_ms: percentiles(m.latency),
          }))
          .filter((m) => m.spans > 0)
          .sort((a, b) => b.spans - a.spans),
        decisions: { total: Object.values(byAction).reduce((sum, n) => sum + n, 0), by_action: byAction },
        evals: {
          total: r.evals.total,
          passed: r.evals.passed,
          failed: r.evals.failed,
          pass_rate: r.evals.passed + r.evals.failed ? round(r.evals.passed / (r.evals.passed + r.evals.failed), 4) : null,
        },
        timeseries,
      };
    },
  };
}
