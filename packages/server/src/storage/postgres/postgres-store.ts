/** The PostgreSQL backend: a pg pool shared by Kysely reads and batched ingest transactions. */
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Store } from '../store.js';
import type { Database } from '../sql/database.js';
import { createReadQueries } from '../sql/read-queries.js';
import { createMissQueryQueries } from '../sql/miss-query-queries.js';
import { createProjectQueries } from '../sql/project-queries.js';
import { createDecisionQueries } from '../sql/decision-queries.js';
import { createPromptQueries } from '../sql/prompt-queries.js';
import { createDatasetQueries } from '../sql/dataset-queries.js';
import { createUserQueries } from '../sql/user-queries.js';
import { createExperimentQueries } from '../sql/experiment-queries.js';
import { createAbTestQueries } from '../sql/ab-test-queries.js';
import { createAlertQueries } from '../sql/alert-queries.js';
import { createOnlineEvalQueries } from '../sql/online-eval-queries.js';
import { createAnnotationQueueQueries } from '../sql/annotation-queue-queries.js';
import { createAppMetricQueries, createDashboardQueries } from '../sql/app-metric-queries.js';
import { createPostgresKeyedWrite } from './postgres-keyed-write.js';
import { pendingMigrations, runMigrations } from '../sql/migrator.js';
import { postgresCapabilities } from './postgres-capabilities.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { createPostgresIngestTx } from './postgres-ingest-tx.js';
import { startRollupFolder } from './rollup-folder.js';
import { withTransaction } from './with-transaction.js';
import type { WriteTransaction } from '../sql/write-transaction.js';
import { deleteEvalRow, deleteTraceRows } from '../sql/trace-deletion.js';
import { createRetentionQueries, type LockTraces } from '../sql/retention-queries.js';
import { StorableTextPlugin } from './pg-text-plugin.js';

/** Options of the PostgreSQL backend. */
export interface PostgresStoreOptions {
  connectionString: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  now?: () => number;
}

// BIGINT answers as numbers (microsecond times fit in 2^53) and JSON as text, like SQLite.
const PARSERS: Record<number, (value: string) => unknown> = {
  20: Number,
  1700: Number,
  114: (v) => v,
  3802: (v) => v,
};
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Connects to PostgreSQL at `connectionString`. Call migrate() before use. */
/** The advisory locks of IngestTx.lockTraces (postgres-ingest-tx.ts), in the same sorted order, so ingestion of a trace being deleted waits. */
const lockTracesForDeletion: LockTraces = async (trx, projectId, traceIds) => {
  const keys = [...new Set(traceIds)].sort();
  await sql`SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtextextended(${projectId}::text || ':' || t, 0) AS k FROM unnest(${keys}::text[]) AS t ORDER BY t) s`.execute(trx);
};

export function createPostgresStore(options: PostgresStoreOptions): Store {
  const now = options.now ?? (() => Date.now() * 1000);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10, types });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead
  // String parameters are made storable (no NUL, no unpaired surrogates) for every Kysely query.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new StorableTextPlugin()] });
  const reads = createReadQueries(db, postgresCapabilities);
  const direct = <T>(fn: () => Promise<T>) => fn();
  const transaction: WriteTransaction = (work) => db.transaction().execute(work);

  let folder: ReturnType<typeof startRollupFolder> | null = null;
  return {
    backend: 'postgres',
    async migrate() {
      const report = await runMigrations(db, POSTGRES_MIGRATIONS);
      folder ??= startRollupFolder(pool);
      return report;
    },
    async storageBytes() {
      const { rows } = await sql<{ bytes: string | number }>`select pg_database_size(current_database()) as bytes`.execute(db);
      return rows.length ? Number(rows[0].bytes) : null;
    },
    async readiness() {
      try {
        await sql`select 1`.execute(db);
        const pending = await pendingMigrations(db, POSTGRES_MIGRATIONS);
        return pending.length ? { ok: false, reason: `migrations pending: ${pending.join(', ')}` } : { ok: true };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    traces: {
      ingest: (work) => withTransaction(pool, (client) => work(createPostgresIngestTx(client, now))),
      listTraces: (p, f) => reads.listTraces(p, f),
      missQueryCandidates: (p, f) => createMissQueryQueries(db, postgresCapabilities).missQueryCandidates(p, f),
      traceScores: (p, ids) => reads.traceScores(p, ids),
      getTrace: (p, id) => reads.getTrace(p, id),
      getTraceSpans: (p, id) => reads.getTraceSpans(p, id),
      getTraceEvents: (p, id) => reads.getTraceEvents(p, id),
      getTraceEvals: (p, id) => reads.getTraceEvals(p, id),
      statsRollups: (p, from, to, bucket, filter) => reads.statsRollups(p, from, to, bucket, filter),
      traceStatsRows: (p, from, to, filter, limit) => reads.traceStatsRows(p, from, to, filter, limit),
      tracesOutside: (p, from, to, filter) => reads.tracesOutside(p, from, to, filter),
      listSessions: (p, query) => reads.listSessions(p, query),
      getSessionTraces: (p, id, limit) => reads.getSessionTraces(p, id, limit),
      listSpans: (p, f) => reads.listSpans(p, f),
      listEvals: (p, f) => reads.listEvals(p, f),
      deleteEval: (p, id) => deleteEvalRow(db, p, id),
      deleteTrace: (p, id) =>
        db.transaction().execute(async (trx) => {
          // The lock key of IngestTx.lockTraces: a concurrent ingest of this trace waits, then starts afresh.
          await sql`SELECT pg_advisory_xact_lock(hashtextextended(${p}::text || ':' || ${id}::text, 0))`.execute(trx);
          return deleteTraceRows(trx, p, id);
        }),
    },
    projects: createProjectQueries(db, db, direct),
    decisions: createDecisionQueries(db, db, direct, postgresCapabilities, transaction),
    prompts: createPromptQueries(db, createPostgresKeyedWrite(db)),
    datasets: createDatasetQueries(db, createPostgresKeyedWrite(db)),
    users: createUserQueries(db, db, direct, transaction),
    experiments: createExperimentQueries(db, createPostgresKeyedWrite(db)),
    abTests: createAbTestQueries(db, createPostgresKeyedWrite(db), postgresCapabilities),
    alerts: createAlertQueries(db, transaction),
    onlineEvals: createOnlineEvalQueries(db, transaction, postgresCapabilities),
    annotationQueues: createAnnotationQueueQueries(db, transaction, postgresCapabilities),
    appMetrics: createAppMetricQueries(db, transaction),
    dashboards: createDashboardQueries(db, transaction),
    retention: createRetentionQueries(db, transaction, lockTracesForDeletion),
    async close() {
      await folder?.stop();
      await db.destroy();
    },
  };
}
