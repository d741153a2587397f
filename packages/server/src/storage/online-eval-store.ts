/**
 * Storage of online evaluation rules and their work items. Every trace a rule considers gets one
 * item row, unique on (project, rule, trace): a second server inserting the same trace inserts
 * nothing. Items are claimed with a lease and a claim token ({@link OnlineEvalStore.claimDue}; on
 * PostgreSQL `FOR UPDATE SKIP LOCKED`), and the scores are written in the same transaction that
 * marks the item done under that token, so each sampled trace is scored once however many servers
 * share the database (SQLite: one process, one writer).
 */
import type { EvalRow } from './rows.js';

/** A rule as stored; `filter` and `evaluators` are JSON text. */
export interface EvaluationRuleRow {
  project_id: string;
  rule_id: string;
  name: string;
  filter: string;
  sampling_rate: number;
  evaluators: string;
  connection: string;
  model: string | null;
  daily_cost_cap: number | null;
  /** 1 or 0. */
  enabled: number;
  /** Bumped by every change of what the rule evaluates (stored with each score). */
  version: number;
  created_at: number;
  updated_at: number;
}

/** The rule fields a user edits. */
export type EvaluationRuleFields = Pick<
  EvaluationRuleRow,
  'name' | 'filter' | 'sampling_rate' | 'evaluators' | 'connection' | 'model' | 'daily_cost_cap' | 'enabled'
>;

/** pending → running → done | failed; skipped: not matched or not sampled; capped: the daily cost cap was reached. */
export type OnlineEvalStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'capped';

/** One (rule, trace) work item. */
export interface OnlineEvalItemRow {
  item_id: string;
  project_id: string;
  rule_id: string;
  trace_id: string;
  status: OnlineEvalStatus;
  /** live (new traces) or backfill. */
  source: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  claim_token: string | null;
  error: string | null;
  cost: number | null;
  created_at: number;
  updated_at: number;
}

/** A trace a rule may pick, without its payloads. */
export interface CandidateTrace {
  trace_id: string;
  name: string | null;
  environment: string | null;
  model: string | null;
  /** JSON text. */
  tags: string;
  /** JSON text. */
  attributes: string;
  start_time: number;
}

/** Where to look for candidates. */
export interface CandidateQuery {
  project_id: string;
  rule_id: string;
  /** Traces stored (created) at or after this time (microseconds). */
  createdFrom?: number;
  /** Traces starting in [startFrom, startTo). */
  startFrom?: number;
  startTo?: number;
  /** Only traces not updated since this time (settled). */
  updatedBefore: number;
  /** Traces of this environment are never candidates (the judge calls' own traces). */
  excludeEnvironment: string;
  limit: number;
}

/** Counts of a rule's items by status. */
export type OnlineEvalCounts = Partial<Record<OnlineEvalStatus, number>>;

/** Storage of online evaluation rules and items. */
export interface OnlineEvalStore {
  /** Conflict when the project already has a rule of that name. */
  createRule(row: EvaluationRuleRow): Promise<{ outcome: 'created'; row: EvaluationRuleRow } | { outcome: 'conflict' }>;
  listRules(projectId: string): Promise<EvaluationRuleRow[]>;
  /** Enabled rules of every project. */
  enabledRules(): Promise<EvaluationRuleRow[]>;
  getRule(projectId: string, ruleId: string): Promise<EvaluationRuleRow | null>;
  /** Changes a rule and bumps its version (null: no such rule; conflict: the new name is taken). */
  updateRule(projectId: string, ruleId: string, fields: Partial<EvaluationRuleFields>, at: number): Promise<EvaluationRuleRow | null | 'conflict'>;
  /** Removes a rule and its queued items (scores already written stay). False when there was none. */
  deleteRule(projectId: string, ruleId: string): Promise<boolean>;
  /** Traces the rule has no item for yet, oldest start first. */
  candidates(query: CandidateQuery): Promise<CandidateTrace[]>;
  /** Adds items; ones that exist already (another server, an earlier pass) are left as they are. Answers how many were new. */
  addItems(rows: OnlineEvalItemRow[]): Promise<number>;
  /**
   * Claims up to `limit` due items (pending and due, or running with an expired lease) for `token`
   * until `leaseUntil`, counting an attempt; an item another server holds is not answered.
   */
  claimDue(now: number, leaseUntil: number, token: string, limit: number): Promise<OnlineEvalItemRow[]>;
  /**
   * Marks the item done with its cost and writes its scores and the day's spend, all or nothing;
   * false (and nothing written) when the claim was lost.
   */
  complete(item: { item_id: string; claim_token: string; project_id: string; rule_id: string }, evals: EvalRow[], cost: number, day: string, at: number): Promise<boolean>;
  /** Gives the item back: pending again at `retryAt`, or `failed` / `capped` for good (retryAt null). */
  release(item: { item_id: string; claim_token: string }, outcome: { status: 'pending' | 'failed' | 'capped' | 'skipped'; retryAt: number | null; error: string | null }, at: number): Promise<void>;
  /** What the rule spent on `day` (UTC date, YYYY-MM-DD). */
  spend(projectId: string, ruleId: string, day: string): Promise<number>;
  /** The rule's items by status. */
  counts(projectId: string, ruleId: string): Promise<OnlineEvalCounts>;
}
