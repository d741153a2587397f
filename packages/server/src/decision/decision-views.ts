/** Stored decision-engine rows → the API's views (ISO times, parsed JSON). */
import {
  microsToIso,
  microsToIsoOrNull,
  type CaseView,
  type DecisionView,
  type JudgeRunView,
  type NotificationView,
  type PolicyVersionView,
  type PolicyView,
} from '@tracehub/core';
import type {
  CaseRow,
  DecisionRow,
  JudgeRunRow,
  NotificationAttemptRow,
  NotificationRow,
  PolicyRow,
  PolicyVersionRow,
} from '../storage/decision-store.js';

import { maskUrl } from './outbound-text.js';

const parse = <T>(text: string | null, fallback: T): T => (text == null ? fallback : (JSON.parse(text) as T));

/** A stored definition with the credentials of any URL in it (older versions' webhooks, judge base_url) masked. */
function maskDefinition(definition: PolicyVersionView['definition']): PolicyVersionView['definition'] {
  const d = definition as { webhooks?: unknown; judge?: { base_url?: unknown } };
  const webhooks = Array.isArray(d.webhooks) ? { webhooks: d.webhooks.map((w) => (typeof w === 'string' && w.includes('://') ? maskUrl(w) : w)) } : {};
  const judge = d.judge && typeof d.judge.base_url === 'string' ? { judge: { ...d.judge, base_url: maskUrl(d.judge.base_url) } } : {};
  return { ...definition, ...webhooks, ...judge } as PolicyVersionView['definition'];
}

/** A decision as the API shows it. */
export function decisionView(d: DecisionRow): DecisionView {
  return {
    decision_id: d.decision_id,
    trace_id: d.trace_id,
    action: d.action as DecisionView['action'],
    reason_code: d.reason_code,
    severity: d.severity,
    policy_id: d.policy_id,
    policy_name: d.policy_name,
    policy_version: d.policy_version,
    policies: parse(d.policies, []),
    rule: parse(d.rule, null),
    judge_model: d.judge_model,
    signals: parse(d.signals, {} as DecisionView['signals']),
    cached: d.cached,
    input_hash: d.input_hash,
    latency_ms: d.latency_ms,
    idempotency_key: d.idempotency_key,
    span_id: d.span_id,
    case_id: d.case_id,
    created_at: microsToIso(d.created_at),
  };
}

/** The snapshot copied to `traces.decision` (the trace list and detail show it). */
export function traceDecisionSnapshot(view: DecisionView): Record<string, unknown> {
  const { decision_id, action, reason_code, severity, policy_id, policy_name, policy_version, judge_model, cached, case_id, created_at, signals } = view;
  return { decision_id, action, reason_code, severity, policy_id, policy_name, policy_version, judge_model, cached, case_id, signals, created_at };
}

/** A judge run as the API shows it. */
export function judgeRunView(r: JudgeRunRow): JudgeRunView {
  return {
    run_id: r.run_id, decision_id: r.decision_id, trace_id: r.trace_id, judge: r.judge, model: r.model, input_hash: r.input_hash,
    output: parse(r.output, null), valid: r.valid, attempts: r.attempts, error: r.error, cached: r.cached, latency_ms: r.latency_ms,
    input_tokens: r.input_tokens, output_tokens: r.output_tokens, created_at: microsToIso(r.created_at),
  };
}

/** A case as the API shows it. */
export function caseView(c: CaseRow): CaseView {
  return {
    case_id: c.case_id, trace_id: c.trace_id, decision_id: c.decision_id, status: c.status, severity: c.severity,
    reason_code: c.reason_code, policy_id: c.policy_id, policy_version: c.policy_version, note: c.note,
    created_at: microsToIso(c.created_at), updated_at: microsToIso(c.updated_at),
    acknowledged_at: microsToIsoOrNull(c.acknowledged_at), acknowledged_by: c.acknowledged_by,
    resolved_at: microsToIsoOrNull(c.resolved_at), resolved_by: c.resolved_by,
  };
}

/** A notification with its attempts, as the API shows it; the URL whole only when `reveal` (project admins). */
export function notificationView(n: NotificationRow, attempts: NotificationAttemptRow[], reveal = false): NotificationView {
  return {
    notification_id: n.notification_id, case_id: n.case_id, event: n.event, url: reveal ? n.url : maskUrl(n.url), status: n.status,
    attempt_count: n.attempt_count, max_attempts: n.max_attempts,
    next_attempt_at: n.status === 'pending' || n.status === 'delivering' ? microsToIso(n.next_attempt_at) : null,
    last_status_code: n.last_status_code, last_error: n.last_error, delivered_at: microsToIsoOrNull(n.delivered_at),
    created_at: microsToIso(n.created_at), updated_at: microsToIso(n.updated_at),
    attempts: attempts.map((a) => ({
      attempt: a.attempt, ok: a.ok, status_code: a.status_code, error: a.error, duration_ms: a.duration_ms, created_at: microsToIso(a.created_at),
    })),
  };
}

/** A policy as the API shows it, with the version in force now. */
export function policyView(p: PolicyRow, effectiveVersion: number | null): PolicyView {
  return {
    policy_id: p.policy_id, name: p.name, description: p.description, latest_version: p.latest_version,
    active_version: p.active_version, effective_version: effectiveVersion,
    created_at: microsToIso(p.created_at), updated_at: microsToIso(p.updated_at),
  };
}

/** A policy version as the API shows it; URLs in the definition whole only when `reveal` (project admins). */
export function policyVersionView(p: PolicyRow, v: PolicyVersionRow, effectiveVersion: number | null, reveal = false): PolicyVersionView {
  const definition = JSON.parse(v.definition) as PolicyVersionView['definition'];
  return {
    policy_id: v.policy_id, name: p.name, version: v.version, description: v.description,
    effective_from: microsToIso(v.effective_from), definition: reveal ? definition : maskDefinition(definition),
    active: p.active_version === v.version, in_force: effectiveVersion === v.version, created_at: microsToIso(v.created_at),
  };
}
