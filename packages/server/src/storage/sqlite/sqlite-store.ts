/** The embedded SQLite backend: one WAL database file, a write connection and a read connection. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { ProjectStore, Store } from '../store.js';
import type { Database as Schema } from '../sql/database.js';
import { createReadQueries } from '../sql/read-queries.js';
import { createMissQueryQueries } from '../sql/miss-query-queries.js';
import { createProjectQueries } from '../sql/project-queries.js';
import { createSqliteDecisionStore } from './sqlite-decision-store.js';
import type { DecisionStore } from '../decision-store.js';
import type { PromptStore } from '../prompt-store.js';
import type { DatasetStore } from '../dataset-store.js';
import { createPromptQueries } from '../sql/prompt-queries.js';
import { createDatasetQueries } from '../sql/dataset-queries.js';
import { createUserQueries } from '../sql/user-queries.js';
import type { UserStore } from '../user-store.js';
import type { ExperimentStore } from '../experiment-store.js';
import { createExperimentQueries } from '../sql/experiment-queries.js';
import { createAbTestQueries } from '../sql/ab-test-queries.js';
import type { AbTestStore } from '../ab-test-store.js';
import { createAlertQueries } from '../sql/alert-queries.js';
import { createOnlineEvalQueries } from '../sql/online-eval-queries.js';
import type { OnlineEvalStore } from '../online-eval-store.js';
import type { AnnotationQueueStore } from '../annotation-queue-store.js';
import { createAnnotationQueueQueries } from '../sql/annotation-queue-queries.js';
import { createAppMetricQueries, createDashboardQueries } from '../sql/app-metric-queries.js';
import type { AlertStore } from '../alert-store.js';
import type { AppMetricStore, DashboardStore } from '../app-metric-store.js';
import { createSqliteKeyedWrite } from './sqlite-keyed-write.js';
import { createSqliteTransactions } from './sqlite-transactions.js';
import { pendingMigrations, runMigrations } from '../sql/migrator.js';
import { sqliteCapabilities } from './sqlite-capabilities.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { createSqliteIngestTx, prepareIngestStatements, type IngestStatements } from './sqlite-ingest-tx.js';
import { createMutex } from '../mutex.js';
import { deleteEvalRow, deleteTraceRows } from '../sql/trace-deletion.js';
import { createRetentionQueries } from '../sql/retention-queries.js';
import type { RetentionStore } from '../retention-store.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';
import { preparePrivateDatabaseFile, restrictDatabaseFiles } from './private-files.js';

/** Options of the SQLite backend. */
export interface SqliteStoreOptions {
  /** Database file; ':memory:' is not supported because two connections share the data. */
  file: string;
  now?: () => number;
  /** Run WAL checkpoints in a background worker (default true; false for secondary connections). */
  backgroundCheckpoints?: boolean;
}

function open(file: string, readonly: boolean): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a process crash (kill -9);
    // only an OS crash or power loss may lose the last commits.
    db.pragma('synchronous = NORMAL');
    // Checkpoints run in a worker thread (wal-checkpointer.ts), not inside a committing request;
    // the WAL file is cut back to 64 MB after each reset.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('journal_size_limit = 67108864');
  }
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}

/** Opens (creating when needed) the SQLite store at `file`. Call migrate() before use. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? (() => Date.now() * 1000);
  // Readable only by the server's user: directory 0700 when created here, db/wal/shm files 0600.
  preparePrivateDatabaseFile(options.file);
  const writer = open(options.file, false);
  restrictDatabaseFiles(options.file);
  const writeDb = new Kysely<Schema>({ dialect: new SqliteDialect({ database: writer }) });
  let reader: Database.Database | null = null;
  let readDb: Kysely<Schema> | null = null;
  let statements: IngestStatements | null = null;
  let checkpointer: WalCheckpointer | null = null;
  const lock = createMutex();

  let readQueries: ReturnType<typeof createReadQueries> | null = null;
  const q = () => {
    if (!readDb) throw new Error('SQLite store used before migrate()');
    return (readQueries ??= createReadQueries(readDb, sqliteCapabilities));
  };
  let projectQueries: ProjectStore | null = null;
  let decisionQueries: DecisionStore | null = null;
  let promptQueries: PromptStore | null = null;
  let datasetQueries: DatasetStore | null = null;
  let userQueries: UserStore | null = null;
  let experimentQueries: ExperimentStore | null = null;
  let abTestQueries: AbTestStore | null = null;
  let alertQueries: AlertStore | null = null;
  let onlineEvalQueries: OnlineEvalStore | null = null;
  let annotationQueueQueries: AnnotationQueueStore | null = null;
  let appMetricQueries: AppMetricStore | null = null;
  let dashboardQueries: DashboardStore | null = null;
  let retentionQueries: RetentionStore | null = null;
  const transactions = createSqliteTransactions(writer, writeDb, (fn) => lock.run(fn));
  const keyedWrite = createSqliteKeyedWrite(transactions);

  return {
    backend: 'sqlite',
    ingestWorkerTarget: { backend: 'sqlite', file: path.resolve(options.file) },
    async migrate() {
      const report = await lock.run(() => runMigrations(writeDb, SQLITE_MIGRATIONS));
      statements = prepareIngestStatements(writer);
      reader = open(options.file, true);
      if (options.backgroundCheckpoints !== false) checkpointer ??= startWalCheckpointer(options.file);
      readDb = new Kysely<Schema>({ dialect: new SqliteDialect({ database: reader }) });
      return report;
    },
    async storageBytes() {
      const sizes = await Promise.all(['', '-wal', '-shm'].map((suffix) => fs.promises.stat(`${options.file}${suffix}`).then((s) => s.size, () => 0)));
      return sizes.reduce((a, b) => a + b, 0);
    },
    async readiness() {
      try {
        writer.prepare('select 1').get();
        const pending = await pendingMigrations(writeDb, SQLITE_MIGRATIONS);
        return pending.length ? { ok: false, reason: `migrations pending: ${pending.join(', ')}` } : { ok: true };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    traces: {
      ingest(work) {
        if (!statements) return Promise.reject(new Error('SQLite store used before migrate()'));
        const prepared = statements;
        return transactions.run(() => work(createSqliteIngestTx(prepared, now)));
      },
      listTraces: (p, f) => q().listTraces(p, f),
      missQueryCandidates: (p, f) => {
        if (!readDb) throw new Error('SQLite store used before migrate()');
        return createMissQueryQueries(readDb, sqliteCapabilities).missQueryCandidates(p, f);
      },
      traceScores: (p, ids) => q().traceScores(p, ids),
      getTrace: (p, id) => q().getTrace(p, id),
      getTraceSpans: (p, id) => q().getTraceSpans(p, id),
      getTraceEvents: (p, id) => q().getTraceEvents(p, id),
      getTraceEvals: (p, id) => q().getTraceEvals(p, id),
      statsRollups: (p, from, to, bucket, filter) => q().statsRollups(p, from, to, bucket, filter),
      traceStatsRows: (p, from, to, filter, limit) => q().traceStatsRows(p, from, to, filter, limit),
      tracesOutside: (p, from, to, filter) => q().tracesOutside(p, from, to, filter),
      listSessions: (p, query) => q().listSessions(p, query),
      getSessionTraces: (p, id, limit) => q().getSessionTraces(p, id, limit),
      listSpans: (p, f) => q().listSpans(p, f),
      listEvals: (p, f) => q().listEvals(p, f),
      deleteTrace: (p, id) => transactions.kysely((db) => deleteTraceRows(db, p, id)),
      deleteEval: (p, id) => transactions.kysely((db) => deleteEvalRow(db, p, id)),
    },
    get projects() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (projectQueries ??= createProjectQueries(readDb, writeDb, (fn) => lock.run(fn)));
    },
    get decisions() {
      if (!readDb || !reader) throw new Error('SQLite store used before migrate()');
      return (decisionQueries ??= createSqliteDecisionStore(writer, reader, writeDb, readDb, (fn) => lock.run(fn), transactions));
    },
    get prompts() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (promptQueries ??= createPromptQueries(readDb, keyedWrite));
    },
    get datasets() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (datasetQueries ??= createDatasetQueries(readDb, keyedWrite));
    },
    get users() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (userQueries ??= createUserQueries(readDb, writeDb, (fn) => lock.run(fn), transactions.kysely));
    },
    get experiments() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (experimentQueries ??= createExperimentQueries(readDb, keyedWrite));
    },
    get abTests() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (abTestQueries ??= createAbTestQueries(readDb, keyedWrite, sqliteCapabilities));
    },
    get alerts() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (alertQueries ??= createAlertQueries(readDb, transactions.kysely));
    },
    get onlineEvals() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (onlineEvalQueries ??= createOnlineEvalQueries(readDb, transactions.kysely, sqliteCapabilities));
    },
    get annotationQueues() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (annotationQueueQueries ??= createAnnotationQueueQueries(readDb, transactions.kysely, sqliteCapabilities));
    },
    get appMetrics() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (appMetricQueries ??= createAppMetricQueries(readDb, transactions.kysely));
    },
    get dashboards() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (dashboardQueries ??= createDashboardQueries(readDb, transactions.kysely));
    },
    get retention() {
      if (!readDb) throw new Error('SQLite store used before migrate()');
      return (retentionQueries ??= createRetentionQueries(readDb, transactions.kysely));
    },
    async close() {
      await lock.run(async () => {
        await checkpointer?.stop();
        await readDb?.destroy();
        await writeDb.destroy();
      });
    },
  };
}
