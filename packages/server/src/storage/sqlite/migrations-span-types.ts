/** SQLite: span counts by type per minute (LangGraph runs are the `graph` spans). */
export const SQLITE_SPAN_TYPE_MIGRATIONS: Record<string, string[]> = {
  '0006_span_types': [
    `CREATE TABLE rollup_span_types (project_id TEXT NOT NULL, bucket INTEGER NOT NULL, span_type TEXT NOT NULL,
      spans INTEGER NOT NULL, errors INTEGER NOT NULL, PRIMARY KEY (project_id, bucket, span_type)) WITHOUT ROWID`,
  ],
};
