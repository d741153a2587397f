/** SQLite schema of experiment runs and their items (migration 0005). JSON is TEXT; times are microseconds. */
export const SQLITE_EXPERIMENT_MIGRATIONS: Record<string, string[]> = {
  '0005_experiments': [
    `CREATE TABLE experiments (project_id TEXT NOT NULL, run_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
      dataset_name TEXT NOT NULL, dataset_version TEXT, dataset_sha256 TEXT, model_name TEXT NOT NULL, model_version TEXT,
      provider TEXT, prompt_name TEXT, prompt_version TEXT, retrieval_version TEXT, evaluation_profile TEXT,
      git_commit TEXT, git_branch TEXT, pipeline_version TEXT, started_at INTEGER, finished_at INTEGER,
      summary TEXT NOT NULL DEFAULT '{}', metrics TEXT NOT NULL DEFAULT '{}', config TEXT NOT NULL DEFAULT '{}',
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (project_id, run_id))`,
    `CREATE INDEX experiments_created ON experiments (project_id, created_at, run_id)`,
    `CREATE TABLE experiment_items (project_id TEXT NOT NULL, run_id TEXT NOT NULL, item_key TEXT NOT NULL,
      item_id TEXT NOT NULL, repetition INTEGER NOT NULL, trace_id TEXT, status TEXT NOT NULL, passed INTEGER NOT NULL,
      score REAL, scores TEXT NOT NULL DEFAULT '{}', input TEXT, output TEXT, expected TEXT, metadata TEXT NOT NULL DEFAULT '{}',
      latency_ms REAL, cost REAL, input_tokens INTEGER, output_tokens INTEGER, error TEXT, updated_at INTEGER NOT NULL, position INTEGER NOT NULL,
      PRIMARY KEY (project_id, run_id, item_key))`,
  ],
};
