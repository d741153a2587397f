/**
 * The schema the shared Kysely queries are typed against: every table (and rollup view) of both
 * backends, derived from sqlite/migrations*.ts and postgres/migrations*.ts. Column types are what
 * the stores read and write on both backends: times are integer microseconds (number; the
 * PostgreSQL pool parses BIGINT to numbers), JSON columns travel as JSON text (string; JSONB on
 * PostgreSQL takes and answers text), booleans are 0/1 on SQLite and true/false on PostgreSQL
 * (`Flag`; sql/row-values.ts reads them). Columns with a DEFAULT are `Generated` (optional on insert).
 */
import type { Kysely } from 'kysely';
import type { ProductTables } from './database-product.js';
import type { AbTestTables } from './migrations-ab-tests.js';
import type { AlertTables } from './database-alerts.js';
import type { OnlineEvalTables } from './database-online-evals.js';
import type { AnnotationQueueTables } from './database-annotation-queues.js';
import type { AppMetricTables } from './database-app-metrics.js';
import type { RetentionTables } from './migrations-retention.js';
import type {
  ApiKeysTable,
  EvaluationsTable,
  IdempotencyKeysTable,
  ProjectsTable,
  RollupTables,
  SpanEventsTable,
  SpansTable,
  TracesTable,
} from './database-traces.js';

export type { Flag } from './database-traces.js';

/** Every table and view of the schema, by name. */
export interface Database extends RollupTables, ProductTables, AbTestTables, AlertTables, AppMetricTables, OnlineEvalTables, RetentionTables {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  traces: TracesTable;
  spans: SpansTable;
  span_events: SpanEventsTable;
  evaluations: EvaluationsTable;
  idempotency_keys: IdempotencyKeysTable;
}

/** A Kysely instance (or transaction) over the schema. */
export type Db = Kysely<Database>;

/** The annotation queue tables (migration 0022), merged into `Database`. */
export interface Database extends AnnotationQueueTables {}
