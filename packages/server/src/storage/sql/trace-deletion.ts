/**
 * Deleting one trace with everything recorded about it, written once for both SQL backends. Every
 * statement is a DELETE (no read first), so on SQLite the transaction takes the write lock at its
 * first statement and never has to upgrade a read snapshot.
 */
import { sql } from 'kysely';
import type { Db } from './database.js';

// The schema is declared in SQL migrations.
/**
 * Deletes, inside the caller's transaction, the trace `traceId` of `projectId`: its spans, span
 * events, evaluations, decisions, judge runs, cases and their webhook notifications (with their
 * attempts). Rollups and idempotency keys are left as they are (docs/ingest-api.md). Answers
 * whether anything was deleted.
 */
export async function deleteTraceRows(trx: Db, projectId: string, traceId: string): Promise<boolean> {
  return (await deleteTracesRows(trx, projectId, [traceId])).rows > 0n;
}

/**
 * {@link deleteTraceRows} for several traces of one project at once (retention and range deletion
 * batches, storage/retention-store.ts): answers how many trace rows and how many rows in all went.
 */
export async function deleteTracesRows(trx: Db, projectId: string, traceIds: readonly string[]): Promise<{ traces: number; rows: bigint }> {
  if (traceIds.length === 0) return { traces: 0, rows: 0n };
  const ids = [...traceIds];
  const casesOfTraces = sql`select case_id from cases where project_id = ${projectId} and trace_id in (${sql.join(ids)})`;
  const notificationsOfTraces = sql`select notification_id from notifications where project_id = ${projectId} and case_id in (${casesOfTraces})`;
  let deleted = 0n;
  const count = (result: { numDeletedRows: bigint } | undefined) => {
    const n = BigInt(result?.numDeletedRows ?? 0n);
    deleted += n;
    return n;
  };
  count(await trx.deleteFrom('notification_attempts').where(sql<boolean>`notification_id in (${notificationsOfTraces})`).executeTakeFirst());
  count(await trx.deleteFrom('notifications').where(sql<boolean>`notification_id in (${notificationsOfTraces})`).executeTakeFirst());
  let traces = 0n;
  for (const table of ['cases', 'judge_runs', 'trace_decisions', 'evaluations', 'span_events', 'spans', 'traces'] as const) {
    traces = count(await trx.deleteFrom(table).where('project_id', '=', projectId).where('trace_id', 'in', ids).executeTakeFirst());
  }
  return { traces: Number(traces), rows: deleted };
}

/** Deletes one evaluation of `projectId` (its idempotency key stays claimed); answers whether it existed. */
export async function deleteEvalRow(db: Db, projectId: string, evalId: string): Promise<boolean> {
  const result = await db.deleteFrom('evaluations').where('project_id', '=', projectId).where('eval_id', '=', evalId).executeTakeFirst();
  return BigInt(result?.numDeletedRows ?? 0n) > 0n;
}
