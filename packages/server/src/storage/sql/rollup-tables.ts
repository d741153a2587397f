/**
 * The rollup tables, described once: their key columns and their additive counters. The ingest
 * transactions (SQLite upserts, PostgreSQL pending inserts), the PostgreSQL rollup folder and the
 * stats read queries are generated from this; the migrations that created the tables are history and
 * stay as written, and testing/rollup-schema.test.ts checks they match this description.
 */
import type { LatencyRollupDelta, RollupDeltas, SpanRollupDelta, SpanTypeRollupDelta, TraceRollupDelta } from '../rows.js';

/** One rollup table: rows are keyed by `key`; every `counters` column is added to, never set. */
export interface RollupTable<Row, Name extends string = string> {
  table: Name;
  key: readonly (keyof Row & string)[];
  counters: readonly (keyof Row & string)[];
}

/** Every column of a rollup table, key first, in the order statements list them. */
export const rollupColumns = <Row>(t: RollupTable<Row>): (keyof Row & string)[] => [...t.key, ...t.counters];

/** Per-minute trace counters by environment and model. */
export const TRACE_ROLLUP: RollupTable<TraceRollupDelta, 'rollup_traces'> = {
  table: 'rollup_traces',
  key: ['project_id', 'bucket', 'environment', 'model'],
  counters: ['traces', 'success', 'errors', 'running', 'open_span_traces', 'input_tokens', 'output_tokens', 'total_tokens', 'cost'],
};

/** Per-minute span counters by their trace's environment (migration 0021) and model. */
export const SPAN_ROLLUP: RollupTable<SpanRollupDelta, 'rollup_spans'> = {
  table: 'rollup_spans',
  key: ['project_id', 'bucket', 'environment', 'model'],
  counters: ['spans', 'errors', 'input_tokens', 'output_tokens', 'total_tokens', 'cost'],
};

/** Latency histogram counts per 10 minutes, trace environment (migration 0021) and series. */
export const LATENCY_ROLLUP: RollupTable<LatencyRollupDelta, 'rollup_latency'> = {
  table: 'rollup_latency',
  key: ['project_id', 'bucket', 'environment', 'series', 'lat_bucket'],
  counters: ['count'],
};

/** Per-minute span counts by their trace's environment (migration 0021) and span type. */
export const SPAN_TYPE_ROLLUP: RollupTable<SpanTypeRollupDelta, 'rollup_span_types'> = {
  table: 'rollup_span_types',
  key: ['project_id', 'bucket', 'environment', 'span_type'],
  counters: ['spans', 'errors'],
};

/** Each series of RollupDeltas with the table its rows add to. */
export const ROLLUP_SERIES = [
  { series: 'traces', rollup: TRACE_ROLLUP },
  { series: 'spans', rollup: SPAN_ROLLUP },
  { series: 'latency', rollup: LATENCY_ROLLUP },
  { series: 'spanTypes', rollup: SPAN_TYPE_ROLLUP },
] as const satisfies readonly { series: keyof RollupDeltas; rollup: RollupTable<never> }[];

/** Every rollup table. */
export const ROLLUP_TABLES: readonly RollupTable<never>[] = ROLLUP_SERIES.map((s) => s.rollup as RollupTable<never>);
