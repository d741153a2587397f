/**
 * Retention (docs/retention.md): per-project settings and the deletion of traces in small batches.
 * Enforcement is claimed with a lease on the settings row: {@link RetentionStore.claimDue} moves each
 * due project's `next_run_at` ahead in one statement, so of several servers on one database only one
 * enforces a project at a time; a server that dies mid-run leaves the lease to expire. Server-wide
 * jobs (scheduled backups) take the same lease on a row of their own ({@link RetentionStore.claimJob}).
 */

/** The settings row holding a server-wide job's lease (project ids are UUIDs or `default`, never this). */
export const jobLeaseRow = (job: string): string => `job:${job}`;

/** A project's retention settings (null days: kept forever). */
export interface RetentionRow {
  project_id: string;
  /** Traces (with their spans, events, evaluations, feedback and decisions) older than this many days are deleted. */
  trace_days: number | null;
  /** Experiment artifacts uploaded longer ago than this many days are deleted (null: the server default). */
  artifact_days: number | null;
  /** The lease: enforcement of this project is due when this time (µs) is reached. */
  next_run_at: number;
  updated_at: number;
}

/**
 * Which traces a deletion takes, by their start time (µs): `before` (retention) or the range
 * [`from`, `to`) (a data-subject request), optionally narrowed to traces with these exact values.
 */
export interface TraceSelection {
  before?: number;
  from?: number;
  to?: number;
  environment?: string;
  name?: string;
  user_id?: string;
  session_id?: string;
}

export interface RetentionStore {
  get(projectId: string): Promise<RetentionRow | null>;
  /** Stores the settings and makes the project due at once. */
  set(projectId: string, settings: { trace_days: number | null; artifact_days: number | null }, at: number): Promise<RetentionRow>;
  /** Every project with settings (the artifact sweep reads the artifact days); job rows are not listed. */
  list(): Promise<RetentionRow[]>;
  /**
   * Claims the projects with a trace retention whose `next_run_at` has passed by moving it to
   * `leaseUntil` in one statement; a project claimed by another process is not answered.
   */
  claimDue(now: number, leaseUntil: number): Promise<RetentionRow[]>;
  /** Moves a claimed project's next run to `at` (e.g. now, when a run stopped with traces left). */
  reschedule(projectId: string, at: number): Promise<void>;
  /**
   * The same lease for a server-wide job (its row {@link jobLeaseRow}, never listed nor enforced):
   * answers true to the one caller that found the job due (`next_run_at` <= `now`, or never run) and
   * moved it to `leaseUntil`; {@link reschedule} with the job's row sets its next run.
   */
  claimJob(job: string, now: number, leaseUntil: number): Promise<boolean>;
  /**
   * Deletes, in one transaction, up to `limit` of the project's traces matching `selection` (oldest
   * first) with everything recorded about them (sql/trace-deletion.ts). Rollups are left as they are,
   * so dashboards keep their history. Answers how many traces went.
   */
  deleteTraces(projectId: string, selection: TraceSelection, limit: number): Promise<number>;
}
