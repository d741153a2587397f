/**
 * Storage of alert rules and alerts (one firing episode of a rule each, kept as history). Rule
 * evaluation is claimed with a lease row: {@link AlertStore.claimDueRules} moves each due rule's
 * `next_eval_at` forward in one UPDATE, so of several servers sharing a PostgreSQL database exactly
 * one evaluates a rule per interval (SQLite: one process, one writer).
 */
import type { AlertListQuery } from '@tracehub/core';
import type { NotificationRow } from './decision-store.js';

/** An alert rule with its evaluation state. */
export interface AlertRuleRow {
  project_id: string;
  rule_id: string;
  name: string;
  kind: string;
  comparator: string;
  threshold: number;
  window_minutes: number;
  for_seconds: number;
  cooldown_seconds: number;
  environment: string | null;
  trace_name: string | null;
  ab_test_id: string | null;
  /** Kind `app_metric` (migration 0028): the metric, its label matchers (JSON text of an object), the aggregate. */
  metric_name: string | null;
  metric_labels: string | null;
  metric_agg: string | null;
  /** Kind `judge_agreement` (migration 0027): the evaluation name whose judge scores are compared with people's. */
  evaluator: string | null;
  /** JSON text: the webhook destination names or ids notified. */
  destinations: string;
  /** 1 or 0. */
  enabled: number;
  state: string;
  state_reason: string | null;
  /** Since when the condition has held (microseconds), null when it does not. */
  pending_since: number | null;
  last_value: number | null;
  last_evaluated_at: number | null;
  /** When the last firing notification was queued (the cool-down counts from it). */
  last_notified_at: number | null;
  /** The lease: the rule is due for evaluation when this is reached. */
  next_eval_at: number;
  created_at: number;
  updated_at: number;
}

/** One firing episode of a rule. */
export interface AlertRow {
  project_id: string;
  alert_id: string;
  rule_id: string;
  rule_name: string;
  kind: string;
  comparator: string;
  threshold: number;
  status: 'firing' | 'resolved';
  value: number;
  last_value: number;
  started_at: number;
  resolved_at: number | null;
  notified_at: number | null;
  created_at: number;
  updated_at: number;
}

/** The rule fields a user edits. */
export type AlertRuleFields = Pick<
  AlertRuleRow,
  'name' | 'kind' | 'comparator' | 'threshold' | 'window_minutes' | 'for_seconds' | 'cooldown_seconds' | 'environment' | 'trace_name' | 'ab_test_id' | 'destinations' | 'enabled'
  | 'metric_name' | 'metric_labels' | 'metric_agg' | 'evaluator'
>;

/** What one evaluation of a rule writes, committed together. */
export interface AlertEvaluationWrite {
  project_id: string;
  rule_id: string;
  state: Pick<AlertRuleRow, 'state' | 'state_reason' | 'pending_since' | 'last_value' | 'last_evaluated_at' | 'last_notified_at'>;
  /** A new firing alert (refused, with its notifications, when the rule already has one firing). */
  open?: AlertRow;
  /** The firing alert's latest value, or its resolution. */
  update?: { alert_id: string; last_value: number; resolved_at: number | null };
  notifications: NotificationRow[];
  at: number;
}

/** Storage of alert rules and alerts. */
export interface AlertStore {
  /** Conflict when the project already has a rule of that name. */
  createRule(row: AlertRuleRow): Promise<{ outcome: 'created'; row: AlertRuleRow } | { outcome: 'conflict' }>;
  listRules(projectId: string): Promise<AlertRuleRow[]>;
  getRule(projectId: string, ruleId: string): Promise<AlertRuleRow | null>;
  /** Changes a rule's fields (null: no such rule; conflict: the new name is taken). Evaluation state is kept. */
  updateRule(projectId: string, ruleId: string, fields: Partial<AlertRuleFields>, at: number): Promise<AlertRuleRow | null | 'conflict'>;
  /** Removes a rule; its firing alert is resolved at `at`, its history kept. False when there was none. */
  deleteRule(projectId: string, ruleId: string, at: number): Promise<boolean>;
  /**
   * Claims every enabled rule (of any project) due at `now` by moving its `next_eval_at` to
   * `leaseUntil` in one statement; a rule claimed by another process is not answered.
   */
  claimDueRules(now: number, leaseUntil: number): Promise<AlertRuleRow[]>;
  /** The rule's firing alert, if any. */
  firingAlert(projectId: string, ruleId: string): Promise<AlertRow | null>;
  /** Writes one evaluation; answers whether a new alert was opened (false when one was already firing). */
  recordEvaluation(write: AlertEvaluationWrite): Promise<{ opened: boolean }>;
  /** Alerts newest first. */
  listAlerts(projectId: string, query: AlertListQuery): Promise<{ rows: AlertRow[]; total: number }>;
}
