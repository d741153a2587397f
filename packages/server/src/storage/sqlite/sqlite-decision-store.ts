/**
 * The DecisionStore on SQLite: the shared Kysely queries, with the per-decision hot path (key and
 * cache lookups, the activation log, recording a decision) on prepared statements, which costs a
 * fraction of building and preparing each query anew, and decisions recorded with group commit.
 * Same behaviour; the contract suite checks it.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../sql/database.js';
import type { DecisionStore, DecisionWrite, RecordOutcome } from '../decision-store.js';
import { createDecisionQueries, toDecisionRow } from '../sql/decision-queries.js';
import { sqliteCapabilities } from './sqlite-capabilities.js';
import type { SqliteTransactions } from './sqlite-transactions.js';

type Row = Record<string, unknown>;
const DECISION_COLUMNS = [
  'project_id', 'decision_id', 'trace_id', 'action', 'reason_code', 'severity', 'policy_id', 'policy_name', 'policy_version',
  'policies', 'rule', 'judge_model', 'signals', 'cached', 'input_hash', 'latency_ms', 'idempotency_key', 'span_id', 'case_id', 'created_at',
] as const;
const RUN_COLUMNS = [
  'project_id', 'run_id', 'decision_id', 'trace_id', 'judge', 'model', 'input_hash', 'output', 'valid', 'attempts', 'error',
  'cached', 'latency_ms', 'input_tokens', 'output_tokens', 'created_at',
] as const;
const CASE_COLUMNS = [
  'project_id', 'case_id', 'trace_id', 'decision_id', 'status', 'severity', 'reason_code', 'policy_id', 'policy_version', 'note',
  'created_at', 'updated_at', 'acknowledged_at', 'acknowledged_by', 'resolved_at', 'resolved_by',
] as const;
const NOTIFICATION_COLUMNS = [
  'notification_id', 'project_id', 'case_id', 'event', 'url', 'destination_id', 'payload', 'status', 'attempt_count', 'max_attempts',
  'next_attempt_at', 'last_status_code', 'last_error', 'delivered_at', 'created_at', 'updated_at',
] as const;

const insertSql = (table: string, columns: readonly string[], tail = '') =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${tail}`;
const values = (row: object, columns: readonly string[]) =>
  columns.map((c) => {
    const v = (row as Row)[c];
    return typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v;
  });

/** Builds the SQLite DecisionStore over the store's two connections; writes run inside `write` (the store's mutex). */
export function createSqliteDecisionStore(
  writer: Database.Database,
  reader: Database.Database,
  writeDb: Db,
  readDb: Db,
  write: <T>(fn: () => Promise<T>) => Promise<T>,
  transactions: SqliteTransactions,
): DecisionStore {
  const shared = createDecisionQueries(readDb, writeDb, write, sqliteCapabilities, transactions.kysely);
  const read = {
    byKey: reader.prepare('SELECT * FROM trace_decisions WHERE project_id = ? AND idempotency_key = ?'),
    cache: reader.prepare('SELECT result FROM decision_cache WHERE project_id = ? AND cache_key = ?').pluck(),
    activations: reader.prepare(`SELECT a.seq, a.policy_id, p.name, a.version, a.activated_at, v.effective_from
      FROM policy_activations a
      JOIN policy_versions v ON v.project_id = a.project_id AND v.policy_id = a.policy_id AND v.version = a.version
      JOIN policies p ON p.project_id = a.project_id AND p.policy_id = a.policy_id
      WHERE a.project_id = ? AND (? IS NULL OR a.policy_id = ?) ORDER BY a.seq DESC`),
  };
  const w = {
    savepoint: writer.prepare('SAVEPOINT decision'),
    release: writer.prepare('RELEASE decision'),
    rollbackTo: writer.prepare('ROLLBACK TO decision'),
    decision: writer.prepare(insertSql('trace_decisions', DECISION_COLUMNS, 'ON CONFLICT (project_id, idempotency_key) DO NOTHING')),
    byKey: writer.prepare('SELECT * FROM trace_decisions WHERE project_id = ? AND idempotency_key = ?'),
    run: writer.prepare(insertSql('judge_runs', RUN_COLUMNS)),
    cache: writer.prepare(insertSql('decision_cache', ['project_id', 'cache_key', 'result', 'created_at'], 'ON CONFLICT DO NOTHING')),
    case: writer.prepare(insertSql('cases', CASE_COLUMNS)),
    notification: writer.prepare(insertSql('notifications', NOTIFICATION_COLUMNS)),
    traceExists: writer.prepare('SELECT 1 FROM traces WHERE project_id = ? AND trace_id = ?').pluck(),
  };

  /** Writes one decision inside the batch's transaction, in a savepoint so it succeeds or fails alone. */
  function recordOne(record: DecisionWrite): RecordOutcome {
    const d = record.decision;
    w.savepoint.run();
    try {
      if (w.decision.run(values(d, DECISION_COLUMNS)).changes === 0) {
        const existing = toDecisionRow(w.byKey.get(d.project_id, d.idempotency_key) as Row);
        w.release.run();
        return { outcome: 'duplicate', decision: existing };
      }
      for (const r of record.judgeRuns) w.run.run(values(r, RUN_COLUMNS));
      if (record.cache) w.cache.run(d.project_id, record.cache.key, record.cache.result, d.created_at);
      if (record.case) w.case.run(values(record.case, CASE_COLUMNS));
      for (const n of record.notifications) w.notification.run(values(n, NOTIFICATION_COLUMNS));
      if (record.requireTrace && w.traceExists.get(d.project_id, d.trace_id) === undefined) {
        w.rollbackTo.run();
        w.release.run();
        return { outcome: 'trace_not_found' };
      }
      w.release.run();
      return { outcome: 'recorded', decision: d };
    } catch (error) {
      w.rollbackTo.run();
      w.release.run();
      throw error;
    }
  }

  type Queued = { record: DecisionWrite; resolve: (outcome: RecordOutcome) => void; reject: (error: unknown) => void };
  const queue: Queued[] = [];

  /**
   * Commits the queued decisions in one transaction (those queued until the write lock is ours join
   * it); each caller learns its own outcome only after the commit. Never throws.
   */
  async function commitQueued(): Promise<void> {
    let batch: Queued[] = [];
    let results: ({ outcome: RecordOutcome } | { error: unknown })[];
    try {
      results = await transactions.run(() => {
        batch = queue.splice(0);
        return batch.map((item) => {
          try {
            return { outcome: recordOne(item.record) };
          } catch (error) {
            return { error };
          }
        });
      });
    } catch (error) {
      // When BEGIN itself failed the batch was never taken from the queue: it fails as a whole too.
      if (batch.length === 0) batch = queue.splice(0);
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const result = results[i];
      if ('error' in result) item.reject(result.error);
      else item.resolve(result.outcome);
    });
  }

  return {
    ...shared,
    async findDecisionByKey(projectId, key) {
      const row = read.byKey.get(projectId, key) as Row | undefined;
      return row ? toDecisionRow(row) : null;
    },
    async getCachedResult(projectId, cacheKey) {
      return (read.cache.get(projectId, cacheKey) as string | undefined) ?? null;
    },
    async listActivations(projectId, policyId) {
      const rows = read.activations.all(projectId, policyId ?? null, policyId ?? null) as Row[];
      return rows.map((r) => ({
        seq: Number(r.seq), policy_id: String(r.policy_id), name: String(r.name), version: Number(r.version),
        activated_at: Number(r.activated_at), effective_from: Number(r.effective_from),
      }));
    },
    recordDecision(record) {
      return new Promise<RecordOutcome>((resolve, reject) => {
        queue.push({ record, resolve, reject });
        if (queue.length > 1) return;
        // Group commit: decisions that arrive in the same turn of the event loop share one transaction.
        setImmediate(() => void commitQueued());
      });
    },
  };
}
