/**
 * PostgreSQL schema of the prompt registry and datasets (migration 0003). JSON values are TEXT,
 * not JSONB: prompt text must come back byte for byte, and JSON text may hold `\u0000` escapes
 * that JSONB refuses. Dataset items are revisions valid over [valid_from, valid_to).
 */
export const POSTGRES_PROMPT_DATASET_MIGRATIONS: Record<string, string[]> = {
  '0003_prompts_datasets': [
    `CREATE TABLE prompt_versions (project_id TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
      type TEXT NOT NULL, prompt TEXT NOT NULL, config TEXT NOT NULL DEFAULT '{}', template_format TEXT NOT NULL,
      commit_message TEXT, content_hash TEXT NOT NULL, created_at BIGINT NOT NULL,
      PRIMARY KEY (project_id, name, version))`,
    `CREATE TABLE prompt_labels (project_id TEXT NOT NULL, name TEXT NOT NULL, label TEXT NOT NULL,
      version INTEGER NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (project_id, name, label))`,
    `CREATE TABLE datasets (project_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
      metadata TEXT NOT NULL DEFAULT '{}', latest_version INTEGER NOT NULL DEFAULT 0,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (project_id, name))`,
    `CREATE TABLE dataset_versions (project_id TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
      sha256 TEXT NOT NULL, item_count INTEGER NOT NULL, added INTEGER NOT NULL, updated INTEGER NOT NULL,
      removed INTEGER NOT NULL, message TEXT, created_at BIGINT NOT NULL, PRIMARY KEY (project_id, name, version))`,
    `CREATE TABLE dataset_items (project_id TEXT NOT NULL, dataset_name TEXT NOT NULL, item_id TEXT NOT NULL,
      valid_from INTEGER NOT NULL, valid_to INTEGER, input TEXT NOT NULL, expected_output TEXT,
      metadata TEXT NOT NULL DEFAULT '{}', source_trace_id TEXT, source_span_id TEXT, status TEXT NOT NULL,
      content_hash TEXT NOT NULL, created_at BIGINT NOT NULL,
      PRIMARY KEY (project_id, dataset_name, item_id, valid_from))`,
    `CREATE INDEX dataset_items_range ON dataset_items (project_id, dataset_name, valid_from, valid_to)`,
  ],
};
