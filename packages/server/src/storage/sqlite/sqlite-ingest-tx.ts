/** IngestTx over a better-sqlite3 connection: prepared statements, run inside BEGIN IMMEDIATE … COMMIT. */
import type Database from 'better-sqlite3';
import type { IngestTx } from '../store.js';
import type { EvalRow, RollupDeltas, SpanEventRow, SpanRow, TraceRow } from '../rows.js';
import { EVAL_COLUMNS, SPAN_COLUMNS, TRACE_COLUMNS, toSpanRow, toTraceRow } from '../sql/row-mapping.js';

type Row = Record<string, unknown>;
const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v);
const values = (row: object, columns: readonly string[]) => columns.map((c) => sqliteValue((row as Row)[c]));

function upsertSql(table: string, columns: readonly string[], key: string[], keep: string[] = []): string {
  const updates = columns.filter((c) => !key.includes(c) && !keep.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/** Prepares every statement the ingest path needs, once per connection. */
export function prepareIngestStatements(db: Database.Database): Record<IngestStatementName, Database.Statement> {
  return {
    claimKey: db.prepare(`INSERT INTO idempotency_keys (project_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
    getTraces: db.prepare(`SELECT * FROM traces WHERE project_id = ? AND trace_id IN (SELECT value FROM json_each(?))`),
    getSpans: db.prepare(`SELECT * FROM spans WHERE project_id = ? AND trace_id = ? AND span_id IN (SELECT value FROM json_each(?))`),
    findSpanIds: db
      .prepare(`SELECT span_id FROM spans WHERE project_id = ? AND trace_id = ? AND span_id IN (SELECT value FROM json_each(?))`)
      .pluck(),
    putTrace: db.prepare(upsertSql('traces', TRACE_COLUMNS, ['project_id', 'trace_id'], ['created_at'])),
    putSpan: db.prepare(upsertSql('spans', SPAN_COLUMNS, ['project_id', 'trace_id', 'span_id'], ['created_at'])),
    addEvent: db.prepare(`INSERT INTO span_events (project_id, trace_id, span_id, event_type, event_time, payload, idempotency_key, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    addEval: db.prepare(`INSERT INTO evaluations (${EVAL_COLUMNS.join(', ')}) VALUES (${EVAL_COLUMNS.map(() => '?').join(', ')})`),
    rollupTrace: db.prepare(`INSERT INTO rollup_traces (project_id, bucket, environment, model, traces, success, errors, running,
        open_span_traces, input_tokens, output_tokens, total_tokens, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project_id, bucket, environment, model) DO UPDATE SET traces = traces + excluded.traces,
        success = success + excluded.success, errors = errors + excluded.errors, running = running + excluded.running,
        open_span_traces = open_span_traces + excluded.open_span_traces, input_tokens = input_tokens + excluded.input_tokens,
        output_tokens = output_tokens + excluded.output_tokens, total_tokens = total_tokens + excluded.total_tokens,
        cost = cost + excluded.cost`),
    rollupSpan: db.prepare(`INSERT INTO rollup_spans (project_id, bucket, model, spans, errors, input_tokens, output_tokens,
        total_tokens, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project_id, bucket, model) DO UPDATE SET spans = spans + excluded.spans, errors = errors + excluded.errors,
        input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
        total_tokens = total_tokens + excluded.total_tokens, cost = cost + excluded.cost`),
    rollupSpanType: db.prepare(`INSERT INTO rollup_span_types (project_id, bucket, span_type, spans, errors) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project_id, bucket, span_type) DO UPDATE SET spans = spans + excluded.spans, errors = errors + excluded.errors`),
    rollupLatency: db.prepare(`INSERT INTO rollup_latency (project_id, bucket, series, lat_bucket, count) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project_id, bucket, series, lat_bucket) DO UPDATE SET count = count + excluded.count`),
  };
}
type IngestStatementName =
  | 'claimKey' | 'getTraces' | 'getSpans' | 'findSpanIds' | 'putTrace' | 'putSpan' | 'addEvent' | 'addEval'
  | 'rollupTrace' | 'rollupSpan' | 'rollupSpanType' | 'rollupLatency';
/** The prepared statements of the ingest path. */
export type IngestStatements = Record<IngestStatementName, Database.Statement>;

/** The IngestTx of one SQLite write transaction. */
export function createSqliteIngestTx(s: IngestStatements, now: () => number): IngestTx {
  return {
    async lockTraces() {
      // BEGIN IMMEDIATE already holds the database's single write lock.
    },
    async claimIdempotencyKeys(projectId, keys) {
      const fresh = new Set<string>();
      const at = now();
      for (const key of keys) if (s.claimKey.run(projectId, key, at).changes > 0) fresh.add(key);
      return fresh;
    },
    async getTraces(projectId, traceIds) {
      if (traceIds.length === 0) return [];
      return (s.getTraces.all(projectId, JSON.stringify(traceIds)) as Row[]).map(toTraceRow);
    },
    async getSpans(projectId, traceId, spanIds) {
      if (spanIds.length === 0) return [];
      return (s.getSpans.all(projectId, traceId, JSON.stringify(spanIds)) as Row[]).map(toSpanRow);
    },
    async findSpanIds(projectId, traceId, spanIds) {
      if (spanIds.length === 0) return new Set();
      return new Set(s.findSpanIds.all(projectId, traceId, JSON.stringify(spanIds)) as string[]);
    },
    async putTraces(rows: TraceRow[]) {
      for (const row of rows) s.putTrace.run(values(row, TRACE_COLUMNS));
    },
    async putSpans(rows: SpanRow[]) {
      for (const row of rows) s.putSpan.run(values(row, SPAN_COLUMNS));
    },
    async addSpanEvents(rows: SpanEventRow[]) {
      for (const r of rows) {
        s.addEvent.run(r.project_id, r.trace_id, r.span_id, r.event_type, r.event_time, r.payload, r.idempotency_key, r.created_at);
      }
    },
    async addEvals(rows: EvalRow[]) {
      for (const row of rows) s.addEval.run(values(row, EVAL_COLUMNS));
    },
    async addRollups(d: RollupDeltas) {
      for (const r of d.traces) {
        s.rollupTrace.run(r.project_id, r.bucket, r.environment, r.model, r.traces, r.success, r.errors, r.running,
          r.open_span_traces, r.input_tokens, r.output_tokens, r.total_tokens, r.cost);
      }
      for (const r of d.spans) {
        s.rollupSpan.run(r.project_id, r.bucket, r.model, r.spans, r.errors, r.input_tokens, r.output_tokens, r.total_tokens, r.cost);
      }
      for (const r of d.latency) s.rollupLatency.run(r.project_id, r.bucket, r.series, r.lat_bucket, r.count);
      for (const r of d.spanTypes ?? []) s.rollupSpanType.run(r.project_id, r.bucket, r.span_type, r.spans, r.errors);
    },
  };
}
