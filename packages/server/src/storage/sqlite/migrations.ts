/** SQLite schema, one entry per migration, each a list of single statements. */
import { SQLITE_DECISION_MIGRATIONS } from './migrations-decisions.js';
import { SQLITE_PROMPT_DATASET_MIGRATIONS } from './migrations-prompts.js';
import { SQLITE_USER_MIGRATIONS } from './migrations-users.js';
import { SQLITE_EXPERIMENT_MIGRATIONS } from './migrations-experiments.js';
import { SQLITE_SPAN_TYPE_MIGRATIONS } from './migrations-span-types.js';
import { SQLITE_MEMBERSHIP_MIGRATIONS } from './migrations-memberships.js';
import { SQLITE_KEY_PREFIX_MIGRATIONS } from './migrations-key-prefix.js';
import { SQLITE_WEBHOOK_SECRET_MIGRATIONS } from './migrations-webhook-secrets.js';
import { SQLITE_ALERT_MIGRATIONS } from './migrations-alerts.js';
import { SQLITE_APP_METRIC_MIGRATIONS } from './migrations-app-metrics.js';
import { SQLITE_ONLINE_EVAL_MIGRATIONS } from './migrations-online-evals.js';
import { SQLITE_ANNOTATION_QUEUE_MIGRATIONS } from './migrations-annotation-queues.js';
import { TRACE_ROOT_MIGRATIONS } from '../sql/migrations-trace-root.js';
import { AB_TEST_MIGRATIONS } from '../sql/migrations-ab-tests.js';
import { SQLITE_ROLLUP_ENVIRONMENT_MIGRATIONS } from '../sql/migrations-rollup-environment.js';
import { APP_METRIC_ALERT_MIGRATIONS } from '../sql/migrations-app-metric-alerts.js';
import { JUDGE_AGREEMENT_ALERT_MIGRATIONS } from '../sql/migrations-judge-agreement-alerts.js';
import { RETENTION_MIGRATIONS } from '../sql/migrations-retention.js';
export const SQLITE_MIGRATIONS: Record<string, string[]> = {
  '0001_core': [
    `CREATE TABLE projects (project_id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL)`,
    `CREATE TABLE api_keys (key_id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(project_id),
      name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, key_prefix TEXT NOT NULL, scopes TEXT NOT NULL,
      created_at INTEGER NOT NULL, revoked_at INTEGER)`,
    `CREATE INDEX api_keys_project ON api_keys (project_id)`,
    `CREATE TABLE traces (project_id TEXT NOT NULL, trace_id TEXT NOT NULL, name TEXT, status TEXT NOT NULL,
      status_set INTEGER NOT NULL DEFAULT 0, start_time INTEGER NOT NULL, end_time INTEGER, model TEXT,
      environment TEXT, user_id TEXT, session_id TEXT, input_text TEXT, output_text TEXT,
      attributes TEXT NOT NULL DEFAULT '{}', tags TEXT NOT NULL DEFAULT '[]', release TEXT, version TEXT,
      user_review_passed INTEGER, decision TEXT, decision_action TEXT,
      span_count INTEGER NOT NULL DEFAULT 0, open_span_count INTEGER NOT NULL DEFAULT 0,
      error_span_count INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0, total_tokens INTEGER NOT NULL DEFAULT 0,
      cost REAL NOT NULL DEFAULT 0, last_span_end INTEGER, latency_ms REAL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (project_id, trace_id))`,
    `CREATE INDEX traces_start ON traces (project_id, start_time, trace_id)`,
    // Narrow covering index: counts and scans with any mix of these filters never read the wide rows.
    `CREATE INDEX traces_facets ON traces (project_id, start_time, status, environment, name, model, user_id, open_span_count)`,
    `CREATE INDEX traces_latency ON traces (project_id, latency_ms, trace_id)`,
    `CREATE INDEX traces_cost ON traces (project_id, cost, trace_id)`,
    `CREATE INDEX traces_tokens ON traces (project_id, total_tokens, trace_id)`,
    `CREATE INDEX traces_session ON traces (project_id, session_id, start_time) WHERE session_id IS NOT NULL`,
    `CREATE INDEX traces_user ON traces (project_id, user_id, start_time) WHERE user_id IS NOT NULL`,
    `CREATE INDEX traces_open ON traces (project_id, start_time) WHERE open_span_count > 0`,
    `CREATE TABLE spans (project_id TEXT NOT NULL, trace_id TEXT NOT NULL, span_id TEXT NOT NULL,
      parent_span_id TEXT, name TEXT NOT NULL, span_type TEXT NOT NULL, status TEXT NOT NULL,
      start_time INTEGER NOT NULL, end_time INTEGER, model TEXT, input TEXT, output TEXT,
      attributes TEXT NOT NULL DEFAULT '{}', input_tokens INTEGER, output_tokens INTEGER, total_tokens INTEGER,
      cached_input_tokens INTEGER, cost REAL, level TEXT NOT NULL DEFAULT 'DEFAULT', status_message TEXT,
      idempotency_key TEXT, original TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
    // Rows are large (inputs and outputs), so spans keep a rowid (appends stay sequential) and a unique key index.
    `CREATE UNIQUE INDEX spans_key ON spans (project_id, trace_id, span_id)`,
    `CREATE TABLE span_events (event_id INTEGER PRIMARY KEY AUTOINCREMENT, project_id TEXT NOT NULL,
      trace_id TEXT NOT NULL, span_id TEXT, event_type TEXT NOT NULL, event_time INTEGER NOT NULL,
      payload TEXT NOT NULL, idempotency_key TEXT, created_at INTEGER NOT NULL)`,
    `CREATE INDEX span_events_trace ON span_events (project_id, trace_id, event_time)`,
    `CREATE TABLE evaluations (eval_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, trace_id TEXT NOT NULL,
      span_id TEXT, eval_name TEXT NOT NULL, eval_model TEXT, score REAL, passed INTEGER, label TEXT,
      comment TEXT, metadata TEXT NOT NULL DEFAULT '{}', source TEXT NOT NULL, user_review_passed INTEGER,
      eval_time INTEGER NOT NULL, idempotency_key TEXT, created_at INTEGER NOT NULL)`,
    `CREATE INDEX evaluations_trace ON evaluations (project_id, trace_id)`,
    `CREATE INDEX evaluations_time ON evaluations (project_id, eval_time)`,
    `CREATE TABLE idempotency_keys (project_id TEXT NOT NULL, key TEXT NOT NULL, created_at INTEGER NOT NULL,
      PRIMARY KEY (project_id, key)) WITHOUT ROWID`,
    `CREATE TABLE rollup_traces (project_id TEXT NOT NULL, bucket INTEGER NOT NULL, environment TEXT NOT NULL,
      model TEXT NOT NULL, traces INTEGER NOT NULL, success INTEGER NOT NULL, errors INTEGER NOT NULL,
      running INTEGER NOT NULL, open_span_traces INTEGER NOT NULL, input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL, cost REAL NOT NULL,
      PRIMARY KEY (project_id, bucket, environment, model)) WITHOUT ROWID`,
    `CREATE TABLE rollup_spans (project_id TEXT NOT NULL, bucket INTEGER NOT NULL, model TEXT NOT NULL,
      spans INTEGER NOT NULL, errors INTEGER NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
      total_tokens INTEGER NOT NULL, cost REAL NOT NULL, PRIMARY KEY (project_id, bucket, model)) WITHOUT ROWID`,
    `CREATE TABLE rollup_latency (project_id TEXT NOT NULL, bucket INTEGER NOT NULL, series TEXT NOT NULL,
      lat_bucket INTEGER NOT NULL, count INTEGER NOT NULL,
      PRIMARY KEY (project_id, bucket, series, lat_bucket)) WITHOUT ROWID`,
    // Substring search over trace text: FTS5 trigram index kept in step by triggers.
    `CREATE VIRTUAL TABLE traces_fts USING fts5(name, input_text, output_text, content='traces',
      content_rowid='rowid', tokenize='trigram')`,
    `CREATE TRIGGER traces_fts_insert AFTER INSERT ON traces BEGIN
      INSERT INTO traces_fts (rowid, name, input_text, output_text) VALUES (new.rowid, new.name, new.input_text, new.output_text);
    END`,
    `CREATE TRIGGER traces_fts_update AFTER UPDATE ON traces
      WHEN old.name IS NOT new.name OR old.input_text IS NOT new.input_text OR old.output_text IS NOT new.output_text BEGIN
      INSERT INTO traces_fts (traces_fts, rowid, name, input_text, output_text) VALUES ('delete', old.rowid, old.name, old.input_text, old.output_text);
      INSERT INTO traces_fts (rowid, name, input_text, output_text) VALUES (new.rowid, new.name, new.input_text, new.output_text);
    END`,
    `CREATE TRIGGER traces_fts_delete AFTER DELETE ON traces BEGIN
      INSERT INTO traces_fts (traces_fts, rowid, name, input_text, output_text) VALUES ('delete', old.rowid, old.name, old.input_text, old.output_text);
    END`,
  ],
  ...SQLITE_DECISION_MIGRATIONS,
  ...SQLITE_PROMPT_DATASET_MIGRATIONS,
  ...SQLITE_USER_MIGRATIONS,
  ...SQLITE_EXPERIMENT_MIGRATIONS,
  ...SQLITE_SPAN_TYPE_MIGRATIONS,
  ...SQLITE_MEMBERSHIP_MIGRATIONS,
  ...SQLITE_KEY_PREFIX_MIGRATIONS,
  ...SQLITE_WEBHOOK_SECRET_MIGRATIONS,
  ...TRACE_ROOT_MIGRATIONS,
  ...AB_TEST_MIGRATIONS,
  ...SQLITE_ALERT_MIGRATIONS,
  ...SQLITE_APP_METRIC_MIGRATIONS,
  ...SQLITE_ONLINE_EVAL_MIGRATIONS,
  ...SQLITE_ROLLUP_ENVIRONMENT_MIGRATIONS,
  ...APP_METRIC_ALERT_MIGRATIONS,
  ...JUDGE_AGREEMENT_ALERT_MIGRATIONS,
  ...RETENTION_MIGRATIONS,
  ...SQLITE_ANNOTATION_QUEUE_MIGRATIONS,
};
