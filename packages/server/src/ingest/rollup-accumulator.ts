/**
 * Collects rollup deltas for one ingest transaction: every changed trace or span moves its
 * contribution from the old view to the new one, so the per-minute rollups stay exact.
 */
import { LATENCY_ROLLUP_MICROS, latencyBucket } from '@tracehub/core';
import type {
  LatencyRollupDelta, RollupDeltas, SpanLink, SpanRollupDelta, SpanTypeRollupDelta, TraceRollupDelta,
} from '../storage/rows.js';
import type { TraceStatsRow } from '../storage/store.js';

const MINUTE = 60_000_000;
const minute = (micros: number) => Math.floor(micros / MINUTE) * MINUTE;

/** Creates an empty accumulator. */
export function createRollupAccumulator() {
  const traces = new Map<string, TraceRollupDelta>();
  const spans = new Map<string, SpanRollupDelta>();
  const latency = new Map<string, LatencyRollupDelta>();
  const spanTypes = new Map<string, SpanTypeRollupDelta>();

  const addLatency = (projectId: string, start: number, environment: string, series: string, ms: number, sign: number) => {
    const bucket = Math.floor(start / LATENCY_ROLLUP_MICROS) * LATENCY_ROLLUP_MICROS;
    const lat = latencyBucket(ms);
    const key = `${projectId}\u0000${bucket}\u0000${environment}\u0000${series}\u0000${lat}`;
    const row = latency.get(key) ?? { project_id: projectId, bucket, environment, series, lat_bucket: lat, count: 0 };
    row.count += sign;
    latency.set(key, row);
  };

  const traceSign = (t: TraceStatsRow, sign: 1 | -1) => {
    const bucket = minute(t.start_time);
    const environment = t.environment ?? '';
    const model = t.model ?? '';
    const key = `${t.project_id}\u0000${bucket}\u0000${environment}\u0000${model}`;
    const row = traces.get(key) ?? {
      project_id: t.project_id, bucket, environment, model, traces: 0, success: 0, errors: 0, running: 0,
      open_span_traces: 0, input_tokens: 0, output_tokens: 0, total_tokens: 0, cost: 0,
    };
    row.traces += sign;
    if (t.status === 'success') row.success += sign;
    else if (t.status === 'error') row.errors += sign;
    else row.running += sign;
    if (t.open_span_count > 0) row.open_span_traces += sign;
    row.input_tokens += sign * t.input_tokens;
    row.output_tokens += sign * t.output_tokens;
    row.total_tokens += sign * t.total_tokens;
    row.cost += sign * t.cost;
    traces.set(key, row);
    if (t.latency_ms != null) addLatency(t.project_id, bucket, environment, `trace:${environment}`, t.latency_ms, sign);
  };

  const spanSign = (s: SpanLink, sign: 1 | -1, counted: boolean, environment: string) => {
    const usage = counted ? 1 : 0;
    const bucket = minute(s.start_time);
    const model = s.model ?? '';
    const key = `${s.project_id}\u0000${bucket}\u0000${environment}\u0000${model}`;
    const row = spans.get(key) ?? {
      project_id: s.project_id, bucket, environment, model, spans: 0, errors: 0, input_tokens: 0, output_tokens: 0, total_tokens: 0, cost: 0,
    };
    row.spans += sign;
    if (s.status === 'error') row.errors += sign;
    row.input_tokens += sign * usage * (s.input_tokens ?? 0);
    row.output_tokens += sign * usage * (s.output_tokens ?? 0);
    row.total_tokens += sign * usage * (s.total_tokens ?? 0);
    row.cost += sign * usage * (s.cost ?? 0);
    spans.set(key, row);
    const typeKey = `${s.project_id}\u0000${bucket}\u0000${environment}\u0000${s.span_type}`;
    const typeRow = spanTypes.get(typeKey) ?? { project_id: s.project_id, bucket, environment, span_type: s.span_type, spans: 0, errors: 0 };
    typeRow.spans += sign;
    if (s.status === 'error') typeRow.errors += sign;
    spanTypes.set(typeKey, typeRow);
    if (s.model && s.end_time != null) addLatency(s.project_id, bucket, environment, `span:${model}`, (s.end_time - s.start_time) / 1000, sign);
  };

  return {
    /** A trace changed from `before` (absent when new) to `after` (the stats fold stored traces the same way). */
    trace(before: TraceStatsRow | undefined, after: TraceStatsRow) {
      if (before) traceSign(before, -1);
      traceSign(after, 1);
    },
    /**
     * A span changed from `before` (absent when new) to `after`; its usage counts only where
     * `counted` says so (trace-fold.ts: not when a descendant reports usage), and it counts under
     * its trace's environment (null: none), which may differ before and after.
     */
    span(
      before: SpanLink | undefined, after: SpanLink,
      counted: { before: boolean; after: boolean } = { before: true, after: true },
      environment: { before: string | null; after: string | null } = { before: null, after: null },
    ) {
      if (before) spanSign(before, -1, counted.before, environment.before ?? '');
      spanSign(after, 1, counted.after, environment.after ?? '');
    },
    /** The non-zero deltas collected so far. */
    deltas(): RollupDeltas {
      const nonZero = (r: object) =>
        Object.entries(r).some(([k, v]) => typeof v === 'number' && k !== 'bucket' && k !== 'lat_bucket' && Math.abs(v) > 1e-15);
      return {
        traces: [...traces.values()].filter(nonZero),
        spans: [...spans.values()].filter(nonZero),
        latency: [...latency.values()].filter((r) => r.count !== 0),
        spanTypes: [...spanTypes.values()].filter((r) => r.spans !== 0 || r.errors !== 0),
      };
    },
  };
}

/** Rollup deltas collected over one ingest transaction. */
export type RollupAccumulator = ReturnType<typeof createRollupAccumulator>;
