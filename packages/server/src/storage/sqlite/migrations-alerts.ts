/** SQLite: alert rules (with their evaluation state and lease) and alerts (firing episodes, kept as history). */
export const SQLITE_ALERT_MIGRATIONS: Record<string, string[]> = {
  '0017_alerts': [
    // next_eval_at is the evaluation lease: claiming a rule moves it one interval ahead (alert-store.ts).
    `CREATE TABLE alert_rules (project_id TEXT NOT NULL, rule_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
      comparator TEXT NOT NULL, threshold REAL NOT NULL, window_minutes INTEGER NOT NULL, for_seconds INTEGER NOT NULL,
      cooldown_seconds INTEGER NOT NULL, environment TEXT, trace_name TEXT, ab_test_id TEXT, destinations TEXT NOT NULL,
      enabled INTEGER NOT NULL, state TEXT NOT NULL, state_reason TEXT, pending_since INTEGER, last_value REAL,
      last_evaluated_at INTEGER, last_notified_at INTEGER, next_eval_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL, PRIMARY KEY (project_id, rule_id))`,
    `CREATE UNIQUE INDEX alert_rules_name ON alert_rules (project_id, name)`,
    `CREATE INDEX alert_rules_due ON alert_rules (next_eval_at)`,
    `CREATE TABLE alerts (project_id TEXT NOT NULL, alert_id TEXT NOT NULL, rule_id TEXT NOT NULL, rule_name TEXT NOT NULL,
      kind TEXT NOT NULL, comparator TEXT NOT NULL, threshold REAL NOT NULL, status TEXT NOT NULL, value REAL NOT NULL,
      last_value REAL NOT NULL, started_at INTEGER NOT NULL, resolved_at INTEGER, notified_at INTEGER, created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL, PRIMARY KEY (project_id, alert_id))`,
    // De-duplication in the schema: at most one firing alert per rule.
    `CREATE UNIQUE INDEX alerts_one_firing ON alerts (project_id, rule_id) WHERE status = 'firing'`,
    `CREATE INDEX alerts_recent ON alerts (project_id, started_at)`,
  ],
};
