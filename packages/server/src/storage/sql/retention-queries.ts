/** Retention settings and batch deletion of traces (storage/retention-store.ts), written once for both SQL backends. */
import { jobLeaseRow, type RetentionRow, type RetentionStore, type TraceSelection } from '../retention-store.js';
import type { Db } from './database.js';
import { deleteTracesRows } from './trace-deletion.js';
import type { WriteTransaction } from './write-transaction.js';
import { num, numOrNull, type RawRow } from './row-values.js';

const toRow = (r: RawRow): RetentionRow => ({
  project_id: String(r.project_id),
  trace_days: numOrNull(r.trace_days),
  artifact_days: numOrNull(r.artifact_days),
  next_run_at: num(r.next_run_at),
  updated_at: num(r.updated_at),
});

/**
 * Takes, inside a deletion's transaction, whatever keeps concurrent ingestion of these traces out
 * (PostgreSQL: the advisory locks of IngestTx.lockTraces; SQLite's single writer needs nothing).
 */
export type LockTraces = (trx: Db, projectId: string, traceIds: string[]) => Promise<void>;

/** The retention queries over `db` (reads) and `transaction` (writes). */
export function createRetentionQueries(db: Db, transaction: WriteTransaction, lockTraces: LockTraces = async () => {}): RetentionStore {
  return {
    async get(projectId) {
      const row = await db.selectFrom('project_retention').selectAll().where('project_id', '=', projectId).executeTakeFirst();
      return row ? toRow(row as RawRow) : null;
    },
    set(projectId, settings, at) {
      return transaction(async (tx) => {
        const row = await tx.insertInto('project_retention')
          .values({ project_id: projectId, ...settings, next_run_at: 0, updated_at: at })
          .onConflict((oc) => oc.column('project_id').doUpdateSet({ ...settings, next_run_at: 0, updated_at: at }))
          .returningAll().executeTakeFirstOrThrow();
        return toRow(row as RawRow);
      });
    },
    async list() {
      const rows = await db.selectFrom('project_retention').selectAll().where('project_id', 'not like', jobLeaseRow('%')).orderBy('project_id').execute();
      return rows.map((r) => toRow(r as RawRow));
    },
    claimDue(now, leaseUntil) {
      // One UPDATE: on PostgreSQL a second server's identical statement waits on the row locks, then
      // re-checks next_run_at and skips the rows this one moved forward.
      return transaction(async (tx) => {
        const rows = await tx.updateTable('project_retention').set({ next_run_at: leaseUntil })
          .where('trace_days', 'is not', null).where('next_run_at', '<=', now).returningAll().execute();
        return rows.map((r) => toRow(r as RawRow));
      });
    },
    claimJob(job, now, leaseUntil) {
      return transaction(async (tx) => {
        const row = { project_id: jobLeaseRow(job), trace_days: null, artifact_days: null, next_run_at: 0, updated_at: now };
        await tx.insertInto('project_retention').values(row).onConflict((oc) => oc.column('project_id').doNothing()).execute();
        // As claimDue: a second server's UPDATE waits on the row lock, then finds next_run_at moved.
        const claimed = await tx.updateTable('project_retention').set({ next_run_at: leaseUntil, updated_at: now })
          .where('project_id', '=', row.project_id).where('next_run_at', '<=', now).returning('project_id').execute();
        return claimed.length === 1;
      });
    },
    async reschedule(projectId, at) {
      await transaction((tx) => tx.updateTable('project_retention').set({ next_run_at: at }).where('project_id', '=', projectId).execute());
    },
    deleteTraces(projectId, selection, limit) {
      return transaction(async (tx) => {
        const ids = (await selectTraces(tx, projectId, selection).select('trace_id').orderBy('start_time').limit(limit).execute()).map((r) => r.trace_id);
        if (ids.length === 0) return 0;
        await lockTraces(tx, projectId, ids);
        // Only the traces that still match once locked (ingestion may have moved one's start).
        const still = (await selectTraces(tx, projectId, selection).where('trace_id', 'in', ids).select('trace_id').execute()).map((r) => r.trace_id);
        return (await deleteTracesRows(tx, projectId, still)).traces;
      });
    },
  };
}

function selectTraces(db: Db, projectId: string, s: TraceSelection) {
  let q = db.selectFrom('traces').where('project_id', '=', projectId);
  if (s.before !== undefined) q = q.where('start_time', '<', s.before);
  if (s.from !== undefined) q = q.where('start_time', '>=', s.from);
  if (s.to !== undefined) q = q.where('start_time', '<', s.to);
  for (const key of ['environment', 'name', 'user_id', 'session_id'] as const) {
    const value = s[key];
    if (value !== undefined) q = q.where(key, '=', value);
  }
  return q;
}
