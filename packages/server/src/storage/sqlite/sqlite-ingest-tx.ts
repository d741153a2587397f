/** IngestTx over a better-sqlite3 connection: prepared statements, run inside BEGIN IMMEDIATE … COMMIT. */
import type Database from 'better-sqlite3';
import type { IngestTx } from '../store.js';
import type { EvalRow, RollupDeltas, SpanEventRow, SpanRow, TraceRow } from '../rows.js';
import { EVAL_COLUMNS, SPAN_COLUMNS, SPAN_LINK_COLUMNS, TRACE_COLUMNS, toSpanLink, toSpanRow, toTraceRow } from '../sql/row-mapping.js';
import { LATENCY_ROLLUP, SPAN_ROLLUP, SPAN_TYPE_ROLLUP, TRACE_ROLLUP, rollupColumns, type RollupTable } from '../sql/rollup-tables.js';

type Row = Record<string, unknown>;
const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v);
const values = (row: object, columns: readonly string[]) => columns.map((c) => sqliteValue((row as Row)[c]));

const TRACE_COLUMNS_OF_ROLLUP = rollupColumns(TRACE_ROLLUP);
const SPAN_COLUMNS_OF_ROLLUP = rollupColumns(SPAN_ROLLUP);
const LATENCY_COLUMNS_OF_ROLLUP = rollupColumns(LATENCY_ROLLUP);
const SPAN_TYPE_COLUMNS_OF_ROLLUP = rollupColumns(SPAN_TYPE_ROLLUP);

function upsertSql(table: string, columns: readonly string[], key: string[], keep: string[] = []): string {
  const updates = columns.filter((c) => !key.includes(c) && !keep.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/** INSERT of one rollup row that adds its counters to an existing row of the same key. */
function additiveUpsertSql<Row>(rollup: RollupTable<Row>): string {
  const columns = rollupColumns(rollup);
  return `INSERT INTO ${rollup.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${rollup.key.join(', ')}) DO UPDATE SET ${rollup.counters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
}

/** Prepares every statement the ingest path needs, once per connection. */
export function prepareIngestStatements(db: Database.Database): Record<IngestStatementName, Database.Statement> {
  return {
    claimKey: db.prepare(`INSERT INTO idempotency_keys (project_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
    getTraces: db.prepare(`SELECT * FROM traces WHERE project_id = ? AND trace_id IN (SELECT value FROM json_each(?))`),
    getSpans: db.prepare(`SELECT * FROM spans WHERE project_id = ? AND trace_id = ? AND span_id IN (SELECT value FROM json_each(?))`),
    getSpanLinks: db.prepare(`SELECT ${SPAN_LINK_COLUMNS.join(', ')} FROM spans WHERE project_id = ? AND trace_id = ?`),
    findSpanIds: db
      .prepare(`SELECT span_id FROM spans WHERE project_id = ? AND trace_id = ? AND span_id IN (SELECT value FROM json_each(?))`)
      .pluck(),
    putTrace: db.prepare(upsertSql('traces', TRACE_COLUMNS, ['project_id', 'trace_id'], ['created_at'])),
    putSpan: db.prepare(upsertSql('spans', SPAN_COLUMNS, ['project_id', 'trace_id', 'span_id'], ['created_at'])),
    addEvent: db.prepare(`INSERT INTO span_events (project_id, trace_id, span_id, event_type, event_time, payload, idempotency_key, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    addEval: db.prepare(`INSERT INTO evaluations (${EVAL_COLUMNS.join(', ')}) VALUES (${EVAL_COLUMNS.map(() => '?').join(', ')})`),
    rollupTrace: db.prepare(additiveUpsertSql(TRACE_ROLLUP)),
    rollupSpan: db.prepare(additiveUpsertSql(SPAN_ROLLUP)),
    rollupSpanType: db.prepare(additiveUpsertSql(SPAN_TYPE_ROLLUP)),
    rollupLatency: db.prepare(additiveUpsertSql(LATENCY_ROLLUP)),
  };
}
type IngestStatementName =
  | 'claimKey' | 'getTraces' | 'getSpans' | 'getSpanLinks' | 'findSpanIds' | 'putTrace' | 'putSpan' | 'addEvent' | 'addEval'
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
    async getSpanLinks(projectId, traceId) {
      return (s.getSpanLinks.all(projectId, traceId) as Row[]).map(toSpanLink);
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
      for (const r of d.traces) s.rollupTrace.run(values(r, TRACE_COLUMNS_OF_ROLLUP));
      for (const r of d.spans) s.rollupSpan.run(values(r, SPAN_COLUMNS_OF_ROLLUP));
      for (const r of d.latency) s.rollupLatency.run(values(r, LATENCY_COLUMNS_OF_ROLLUP));
      for (const r of d.spanTypes ?? []) s.rollupSpanType.run(values(r, SPAN_TYPE_COLUMNS_OF_ROLLUP));
    },
  };
}
