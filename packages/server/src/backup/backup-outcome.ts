/**
 * Scheduled backups' outcomes, readable by the alert evaluator (`backup_stale` rules) on any server:
 * rows of their own next to the backup lease row (RetentionStore.claimJob with leaseUntil = now
 * stamps the row's next_run_at and updated_at with that time; no migration).
 */
import { jobLeaseRow, type RetentionStore } from '../storage/retention-store.js';

const JOB = 'backup';
const SUCCESS_ROW = 'backup-success';
const FAILURE_ROW = 'backup-failure';

/** Records a scheduled backup's outcome at `atMs` in the store (any server reads it back with {@link readBackupOutcome}). */
export async function recordBackupOutcome(store: Pick<RetentionStore, 'claimJob'>, outcome: 'success' | 'failure', atMs: number): Promise<void> {
  await store.claimJob(outcome === 'success' ? SUCCESS_ROW : FAILURE_ROW, atMs * 1000, atMs * 1000);
}

/** What the store says of scheduled backups (ms; null = never): `scheduled` when some server has run the schedule. */
export interface BackupOutcome {
  scheduled: boolean;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
}

/** Reads the outcomes {@link recordBackupOutcome} stored. */
export async function readBackupOutcome(store: Pick<RetentionStore, 'get'>): Promise<BackupOutcome> {
  const [lease, success, failure] = await Promise.all([JOB, SUCCESS_ROW, FAILURE_ROW].map((job) => store.get(jobLeaseRow(job))));
  const at = (row: typeof lease) => (row ? Math.floor(row.updated_at / 1000) : null);
  return { scheduled: lease !== null, lastSuccessAt: at(success), lastFailureAt: at(failure) };
}

