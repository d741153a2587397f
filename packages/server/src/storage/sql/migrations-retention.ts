/**
 * Both SQL backends: per-project retention settings (migration 0023, docs/retention.md). `next_run_at`
 * is the enforcement lease: claiming a project moves it ahead (retention-store.ts), so several
 * servers on one database enforce a project's retention once.
 */
export const RETENTION_MIGRATIONS: Record<string, string[]> = {
  '0023_retention': [
    `CREATE TABLE project_retention (project_id TEXT PRIMARY KEY, trace_days INTEGER, artifact_days INTEGER,
      next_run_at BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL)`,
    'CREATE INDEX project_retention_due ON project_retention (next_run_at)',
  ],
};

/** The Kysely table type of `project_retention`. */
export interface RetentionTables {
  project_retention: {
    project_id: string;
    trace_days: number | null;
    artifact_days: number | null;
    next_run_at: number;
    updated_at: number;
  };
}
