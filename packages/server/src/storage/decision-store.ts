/**
 * The decision engine's storage seam: policies (immutable versions, an append-only activation log),
 * decisions with their judge runs and cache, cases, and webhook notifications with their delivery log.
 * Times are integer microseconds; JSON-valued fields travel as JSON text.
 */
import type { CaseListQuery, CaseStatus, NotificationListQuery, NotificationStatus } from '@tracehub/core';

/** A policy: its name and the pointers to its versions. */
export interface PolicyRow {
  project_id: string;
  policy_id: string;
  name: string;
  description: string | null;
  latest_version: number;
  /** The most recently activated version (null before the first activation). */
  active_version: number | null;
  created_at: number;
  updated_at: number;
}

/** One immutable policy version. */
export interface PolicyVersionRow {
  project_id: string;
  policy_id: string;
  version: number;
  description: string | null;
  definition: string;
  effective_from: number;
  created_at: number;
}

/** One entry of the activation log, with what decides whether it is in force. */
export interface PolicyActivationRow {
  seq: number;
  policy_id: string;
  name: string;
  version: number;
  activated_at: number;
  effective_from: number;
}

/** What adding a policy version needs. */
export interface NewPolicyVersion {
  project_id: string;
  /** Used only when the name is new. */
  policy_id: string;
  name: string;
  description: string | null;
  definition: string;
  effective_from: number;
  activate: boolean;
  at: number;
}

/** One stored decision. */
export interface DecisionRow {
  project_id: string;
  decision_id: string;
  trace_id: string;
  action: string;
  reason_code: string;
  severity: string;
  policy_id: string | null;
  policy_name: string | null;
  policy_version: number | null;
  policies: string;
  rule: string | null;
  judge_model: string;
  signals: string;
  cached: boolean;
  input_hash: string;
  latency_ms: number;
  idempotency_key: string | null;
  span_id: string;
  case_id: string | null;
  created_at: number;
}

/** One judge run (heuristic or LLM) of a decision. */
export interface JudgeRunRow {
  project_id: string;
  run_id: string;
  decision_id: string;
  trace_id: string;
  judge: 'heuristic' | 'llm';
  model: string;
  input_hash: string;
  output: string | null;
  valid: boolean;
  attempts: number;
  error: string | null;
  cached: boolean;
  latency_ms: number;
  input_tokens: number | null;
  output_tokens: number | null;
  created_at: number;
}

/** A case opened by an ESCALATE decision. */
export interface CaseRow {
  project_id: string;
  case_id: string;
  trace_id: string;
  decision_id: string;
  status: CaseStatus;
  severity: string;
  reason_code: string;
  policy_id: string | null;
  policy_version: number | null;
  note: string | null;
  created_at: number;
  updated_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
}

/** A webhook notification; `payload` is the exact body that is signed and sent. */
export interface NotificationRow {
  notification_id: string;
  project_id: string;
  case_id: string | null;
  event: string;
  url: string;
  /** The webhook destination whose secret signs it; null for TRACEHUB_WEBHOOK_URLS (the global secret). */
  destination_id: string | null;
  payload: string;
  status: NotificationStatus;
  attempt_count: number;
  max_attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A webhook destination of a project; `secret` signs its deliveries and is never answered after creation. */
export interface WebhookDestinationRow {
  project_id: string;
  destination_id: string;
  name: string;
  url: string;
  secret: string;
  created_at: number;
  updated_at: number;
}

/** One delivery attempt. */
export interface NotificationAttemptRow {
  notification_id: string;
  project_id: string;
  attempt: number;
  ok: boolean;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: number;
}

/** Everything one decision writes, committed together. */
export interface DecisionWrite {
  decision: DecisionRow;
  judgeRuns: JudgeRunRow[];
  /** Stored under (project, key) unless the key is already cached. */
  cache: { key: string; result: string } | null;
  case: CaseRow | null;
  notifications: NotificationRow[];
  /**
   * When true, the decision's trace must exist: otherwise nothing is written and the outcome is
   * trace_not_found. The trace itself is not written here: its latest-decision snapshot travels with
   * the decision's judge span through the ingest service (decision-service.ts), so decisions never
   * update `traces` in their own transaction.
   */
  requireTrace: boolean;
}

/** What recording a decision did. */
export type RecordOutcome =
  | { outcome: 'recorded'; decision: DecisionRow }
  | { outcome: 'duplicate'; decision: DecisionRow }
  | { outcome: 'trace_not_found' };

/** How a delivery attempt ends a claim. */
export interface NotificationUpdate {
  status: NotificationStatus;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
  at: number;
}

/** Result of a case state change. */
export type CaseTransition = { outcome: 'ok'; row: CaseRow } | { outcome: 'not_found' } | { outcome: 'conflict'; row: CaseRow };

/** Storage of the decision engine. */
export interface DecisionStore {
  /** Adds the next version (creating the policy for a new name) and, when asked, activates it; atomic. */
  addPolicyVersion(input: NewPolicyVersion): Promise<{ policy: PolicyRow; version: PolicyVersionRow; created: boolean }>;
  listPolicies(projectId: string): Promise<PolicyRow[]>;
  /** A policy by id, or else by name. */
  findPolicy(projectId: string, idOrName: string): Promise<PolicyRow | null>;
  listPolicyVersions(projectId: string, policyId: string): Promise<PolicyVersionRow[]>;
  getPolicyVersions(projectId: string, keys: { policy_id: string; version: number }[]): Promise<PolicyVersionRow[]>;
  /** Appends an activation; answers null when the policy has no such version. */
  activatePolicyVersion(projectId: string, policyId: string, version: number, at: number): Promise<PolicyRow | null>;
  /** The activation log (newest first), optionally of one policy. */
  listActivations(projectId: string, policyId?: string): Promise<PolicyActivationRow[]>;

  findDecisionByKey(projectId: string, idempotencyKey: string): Promise<DecisionRow | null>;
  getDecision(projectId: string, decisionId: string): Promise<DecisionRow | null>;
  getCachedResult(projectId: string, cacheKey: string): Promise<string | null>;
  /** Writes a decision with everything it implies; a repeated idempotency key writes nothing and answers the stored decision. */
  recordDecision(write: DecisionWrite): Promise<RecordOutcome>;
  listTraceDecisions(projectId: string, traceId: string): Promise<DecisionRow[]>;
  listTraceJudgeRuns(projectId: string, traceId: string): Promise<JudgeRunRow[]>;

  listCases(projectId: string, query: CaseListQuery): Promise<{ rows: CaseRow[]; total: number }>;
  getCase(projectId: string, caseId: string): Promise<CaseRow | null>;
  /** Moves a case from one of `from` to `to` atomically, setting the given fields. */
  transitionCase(
    projectId: string,
    caseId: string,
    from: CaseStatus[],
    to: CaseStatus,
    fields: Partial<Pick<CaseRow, 'note' | 'acknowledged_at' | 'acknowledged_by' | 'resolved_at' | 'resolved_by'>> & { at: number },
  ): Promise<CaseTransition>;

  listNotifications(projectId: string, query: NotificationListQuery): Promise<{ rows: NotificationRow[]; total: number }>;
  listCaseNotifications(projectId: string, caseId: string): Promise<NotificationRow[]>;
  listNotificationAttempts(notificationIds: string[]): Promise<NotificationAttemptRow[]>;
  /**
   * Claims up to `limit` notifications due at `now` (pending, or delivering with an expired lease),
   * marking them delivering until `leaseUntil`. Safe with several servers on one database.
   */
  claimDueNotifications(now: number, limit: number, leaseUntil: number): Promise<NotificationRow[]>;
  /** Logs an attempt and updates its notification, together. */
  finishNotificationAttempt(attempt: NotificationAttemptRow, update: NotificationUpdate): Promise<void>;
  /** When the next notification is due (null when none is waiting). */
  nextNotificationDue(): Promise<number | null>;

  /** Adds a destination; `conflict` when the project already has one of that name. */
  createWebhookDestination(row: WebhookDestinationRow): Promise<{ outcome: 'created'; row: WebhookDestinationRow } | { outcome: 'conflict' }>;
  /** The project's destinations by name. */
  listWebhookDestinations(projectId: string): Promise<WebhookDestinationRow[]>;
  /** A destination by id, or else by name. */
  findWebhookDestination(projectId: string, idOrName: string): Promise<WebhookDestinationRow | null>;
  /** Replaces a destination's secret; null when there is no such destination. */
  rotateWebhookSecret(projectId: string, destinationId: string, secret: string, at: number): Promise<WebhookDestinationRow | null>;
  /** Removes a destination (its queued notifications then fail); false when there was none. */
  deleteWebhookDestination(projectId: string, destinationId: string): Promise<boolean>;
}
