/**
 * PostgreSQL rollups without hot rows: ingest transactions append their deltas to `*_pending`
 * tables (insert-only, so concurrent writers never wait on each other), a folder moves them into
 * `*_base` about once a second, and the `rollup_*` views read both.
 */
const TABLES = ['rollup_traces', 'rollup_spans', 'rollup_latency'];

export const POSTGRES_ROLLUP_MIGRATIONS: Record<string, string[]> = {
  '0006_rollup_pending': TABLES.flatMap((t) => [
    `ALTER TABLE ${t} RENAME TO ${t}_base`,
    `CREATE TABLE ${t}_pending (LIKE ${t}_base INCLUDING DEFAULTS)`,
    `CREATE VIEW ${t} AS SELECT * FROM ${t}_base UNION ALL SELECT * FROM ${t}_pending`,
  ]),
  // Span counts by type (LangGraph runs are the `graph` spans), in the same base/pending/view shape.
  '0007_span_types': [
    `CREATE TABLE rollup_span_types_base (project_id TEXT NOT NULL, bucket BIGINT NOT NULL, span_type TEXT NOT NULL,
      spans BIGINT NOT NULL, errors BIGINT NOT NULL, PRIMARY KEY (project_id, bucket, span_type))`,
    `CREATE TABLE rollup_span_types_pending (LIKE rollup_span_types_base INCLUDING DEFAULTS)`,
    `CREATE VIEW rollup_span_types AS SELECT * FROM rollup_span_types_base UNION ALL SELECT * FROM rollup_span_types_pending`,
  ],
};
