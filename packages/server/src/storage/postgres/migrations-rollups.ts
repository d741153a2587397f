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
};
