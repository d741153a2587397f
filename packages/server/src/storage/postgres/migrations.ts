/** PostgreSQL schema, one entry per migration, each a list of statements run in one transaction. */
import { POSTGRES_DECISION_MIGRATIONS } from './migrations-decisions.js';
import { POSTGRES_PROMPT_DATASET_MIGRATIONS } from './migrations-prompts.js';
import { POSTGRES_USER_MIGRATIONS } from './migrations-users.js';
import { POSTGRES_EXPERIMENT_MIGRATIONS } from './migrations-experiments.js';
import { POSTGRES_ROLLUP_MIGRATIONS } from './migrations-rollups.js';
import { POSTGRES_MEMBERSHIP_MIGRATIONS } from './migrations-memberships.js';
import { POSTGRES_KEY_PREFIX_MIGRATIONS } from './migrations-key-prefix.js';
import { POSTGRES_WEBHOOK_SECRET_MIGRATIONS } from './migrations-webhook-secrets.js';
import { POSTGRES_ALERT_MIGRATIONS } from './migrations-alerts.js';
import { POSTGRES_APP_METRIC_MIGRATIONS } from './migrations-app-metrics.js';
import { POSTGRES_ONLINE_EVAL_MIGRATIONS } from './migrations-online-evals.js';
import { POSTGRES_ANNOTATION_QUEUE_MIGRATIONS } from './migrations-annotation-queues.js';
import { TRACE_ROOT_MIGRATIONS } from '../sql/migrations-trace-root.js';
import { AB_TEST_MIGRATIONS } from '../sql/migrations-ab-tests.js';
import { POSTGRES_ROLLUP_ENVIRONMENT_MIGRATIONS } from '../sql/migrations-rollup-environment.js';
import { APP_METRIC_ALERT_MIGRATIONS } from '../sql/migrations-app-metric-alerts.js';
import { JUDGE_AGREEMENT_ALERT_MIGRATIONS } from '../sql/migrations-judge-agreement-alerts.js';
import { RETENTION_MIGRATIONS } from '../sql/migrations-retention.js';
export const POSTGRES_MIGRATIONS: Record<string, string[]> = {
  '0001_core': [
    `CREATE TABLE projects (project_id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL)`,
    `CREATE TABLE api_keys (key_id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(project_id),
      name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, key_prefix TEXT NOT NULL, scopes JSONB NOT NULL,
      created_at BIGINT NOT NULL, revoked_at BIGINT)`,
    `CREATE INDEX api_keys_project ON api_keys (project_id)`,
    `CREATE TABLE traces (project_id TEXT NOT NULL, trace_id TEXT NOT NULL, name TEXT, status TEXT NOT NULL,
      status_set BOOLEAN NOT NULL DEFAULT false, start_time BIGINT NOT NULL, end_time BIGINT, model TEXT,
      environment TEXT, user_id TEXT, session_id TEXT, input_text TEXT, output_text TEXT,
      attributes JSONB NOT NULL DEFAULT '{}', tags JSONB NOT NULL DEFAULT '[]', release TEXT, version TEXT,
      user_review_passed BOOLEAN, decision JSONB, decision_action TEXT,
      span_count INTEGER NOT NULL DEFAULT 0, open_span_count INTEGER NOT NULL DEFAULT 0,
      error_span_count INTEGER NOT NULL DEFAULT 0, input_tokens BIGINT NOT NULL DEFAULT 0,
      output_tokens BIGINT NOT NULL DEFAULT 0, total_tokens BIGINT NOT NULL DEFAULT 0,
      cost DOUBLE PRECISION NOT NULL DEFAULT 0, last_span_end BIGINT, latency_ms DOUBLE PRECISION,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
      PRIMARY KEY (project_id, trace_id))`,
    `CREATE INDEX traces_start ON traces (project_id, start_time DESC, trace_id DESC)`,
    // Narrow covering index: counts and scans with any mix of these filters never read the wide rows.
    `CREATE INDEX traces_facets ON traces (project_id, start_time, status, environment, name, model, user_id, open_span_count)`,
    `CREATE INDEX traces_latency ON traces (project_id, latency_ms DESC NULLS LAST, trace_id DESC)`,
    `CREATE INDEX traces_cost ON traces (project_id, cost DESC, trace_id DESC)`,
    `CREATE INDEX traces_tokens ON traces (project_id, total_tokens DESC, trace_id DESC)`,
    `CREATE INDEX traces_session ON traces (project_id, session_id, start_time) WHERE session_id IS NOT NULL`,
    `CREATE INDEX traces_user ON traces (project_id, user_id, start_time) WHERE user_id IS NOT NULL`,
    `CREATE INDEX traces_open ON traces (project_id, start_time) WHERE open_span_count > 0`,
    `CREATE TABLE spans (project_id TEXT NOT NULL, trace_id TEXT NOT NULL, span_id TEXT NOT NULL,
      parent_span_id TEXT, name TEXT NOT NULL, span_type TEXT NOT NULL, status TEXT NOT NULL,
      start_time BIGINT NOT NULL, end_time BIGINT, model TEXT, input TEXT, output TEXT,
      attributes JSONB NOT NULL DEFAULT '{}', input_tokens BIGINT, output_tokens BIGINT, total_tokens BIGINT,
      cached_input_tokens BIGINT, cost DOUBLE PRECISION, level TEXT NOT NULL DEFAULT 'DEFAULT', status_message TEXT,
      idempotency_key TEXT, original TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
      PRIMARY KEY (project_id, trace_id, span_id))`,
    `CREATE TABLE span_events (event_id BIGSERIAL PRIMARY KEY, project_id TEXT NOT NULL,
      trace_id TEXT NOT NULL, span_id TEXT, event_type TEXT NOT NULL, event_time BIGINT NOT NULL,
      payload JSONB NOT NULL, idempotency_key TEXT, created_at BIGINT NOT NULL)`,
    `CREATE INDEX span_events_trace ON span_events (project_id, trace_id, event_time)`,
    `CREATE TABLE evaluations (eval_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, trace_id TEXT NOT NULL,
      span_id TEXT, eval_name TEXT NOT NULL, eval_model TEXT, score DOUBLE PRECISION, passed BOOLEAN, label TEXT,
      comment JSONB, metadata JSONB NOT NULL DEFAULT '{}', source TEXT NOT NULL, user_review_passed BOOLEAN,
      eval_time BIGINT NOT NULL, idempotency_key TEXT, created_at BIGINT NOT NULL)`,
    `CREATE INDEX evaluations_trace ON evaluations (project_id, trace_id)`,
    `CREATE INDEX evaluations_time ON evaluations (project_id, eval_time)`,
    `CREATE TABLE idempotency_keys (project_id TEXT NOT NULL, key TEXT NOT NULL, created_at BIGINT NOT NULL,
      PRIMARY KEY (project_id, key))`,
    `CREATE TABLE rollup_traces (project_id TEXT NOT NULL, bucket BIGINT NOT NULL, environment TEXT NOT NULL,
      model TEXT NOT NULL, traces BIGINT NOT NULL, success BIGINT NOT NULL, errors BIGINT NOT NULL,
      running BIGINT NOT NULL, open_span_traces BIGINT NOT NULL, input_tokens BIGINT NOT NULL,
      output_tokens BIGINT NOT NULL, total_tokens BIGINT NOT NULL, cost DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (project_id, bucket, environment, model))`,
    `CREATE TABLE rollup_spans (project_id TEXT NOT NULL, bucket BIGINT NOT NULL, model TEXT NOT NULL,
      spans BIGINT NOT NULL, errors BIGINT NOT NULL, input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL,
      total_tokens BIGINT NOT NULL, cost DOUBLE PRECISION NOT NULL, PRIMARY KEY (project_id, bucket, model))`,
    `CREATE TABLE rollup_latency (project_id TEXT NOT NULL, bucket BIGINT NOT NULL, series TEXT NOT NULL,
      lat_bucket INTEGER NOT NULL, count BIGINT NOT NULL,
      PRIMARY KEY (project_id, bucket, series, lat_bucket))`,
    // Substring search over trace text: a trigram GIN index when pg_trgm can be installed.
    `DO $$ BEGIN
       CREATE EXTENSION IF NOT EXISTS pg_trgm;
       EXECUTE 'CREATE INDEX traces_text_trgm ON traces USING gin ((coalesce(name, '''') || '' '' || coalesce(input_text, '''') || '' '' || coalesce(output_text, '''')) gin_trgm_ops)';
     EXCEPTION WHEN insufficient_privilege OR undefined_file THEN
       RAISE NOTICE 'pg_trgm is not available; trace search scans instead of using an index';
     END $$`,
  ],
  ...POSTGRES_DECISION_MIGRATIONS,
  ...POSTGRES_PROMPT_DATASET_MIGRATIONS,
  ...POSTGRES_USER_MIGRATIONS,
  ...POSTGRES_EXPERIMENT_MIGRATIONS,
  ...POSTGRES_ROLLUP_MIGRATIONS,
  ...POSTGRES_MEMBERSHIP_MIGRATIONS,
  ...POSTGRES_KEY_PREFIX_MIGRATIONS,
  ...POSTGRES_WEBHOOK_SECRET_MIGRATIONS,
  ...TRACE_ROOT_MIGRATIONS,
  ...AB_TEST_MIGRATIONS,
  ...POSTGRES_ALERT_MIGRATIONS,
  ...POSTGRES_APP_METRIC_MIGRATIONS,
  ...POSTGRES_ONLINE_EVAL_MIGRATIONS,
  ...POSTGRES_ROLLUP_ENVIRONMENT_MIGRATIONS,
  ...APP_METRIC_ALERT_MIGRATIONS,
  ...JUDGE_AGREEMENT_ALERT_MIGRATIONS,
  ...RETENTION_MIGRATIONS,
  ...POSTGRES_ANNOTATION_QUEUE_MIGRATIONS,
};
