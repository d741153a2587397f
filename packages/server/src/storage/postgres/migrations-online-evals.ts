/** PostgreSQL: online evaluation rules, the per-(rule, trace) work items and the daily judge spend (migration 0020). */
export const POSTGRES_ONLINE_EVAL_MIGRATIONS: Record<string, string[]> = {
  '0020_online_evals': [
    `CREATE TABLE evaluation_rules (project_id TEXT NOT NULL, rule_id TEXT NOT NULL, name TEXT NOT NULL, filter TEXT NOT NULL,
      sampling_rate DOUBLE PRECISION NOT NULL, evaluators TEXT NOT NULL, connection TEXT NOT NULL, model TEXT, daily_cost_cap DOUBLE PRECISION,
      enabled INTEGER NOT NULL, version INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
      PRIMARY KEY (project_id, rule_id))`,
    `CREATE UNIQUE INDEX evaluation_rules_name ON evaluation_rules (project_id, name)`,
    // One row per (rule, trace) ever considered: the unique key is what makes "evaluated once" hold.
    `CREATE TABLE online_eval_items (item_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, rule_id TEXT NOT NULL,
      trace_id TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at BIGINT NOT NULL, lease_until BIGINT, claim_token TEXT, error TEXT, cost DOUBLE PRECISION,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
    `CREATE UNIQUE INDEX online_eval_items_key ON online_eval_items (project_id, rule_id, trace_id)`,
    `CREATE INDEX online_eval_items_due ON online_eval_items (status, next_attempt_at)`,
    `CREATE TABLE online_eval_spend (project_id TEXT NOT NULL, rule_id TEXT NOT NULL, day TEXT NOT NULL, cost DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (project_id, rule_id, day))`,
  ],
};
