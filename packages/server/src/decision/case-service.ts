/**
 * Cases and their notifications. A case moves open → acknowledged → resolved; resolving straight
 * from open is allowed (a false positive needs no acknowledgement). Any other move answers 409.
 */
import type { CaseListQuery, NotificationListQuery } from '@tracehub/core';
import type { CaseRow, DecisionRow, DecisionStore, NotificationRow } from '../storage/decision-store.js';
import type { TraceReadStore } from '../storage/store.js';
import { ConflictError, NotFoundError } from '../domain-errors.js';
import { caseView, decisionView, notificationView } from './decision-views.js';
import { flaggedText } from './heuristic-judge.js';

/** Who moved a case and why (both optional). */
export interface CaseTransitionInput {
  note?: string;
  by?: string;
}

/** Creates the case service. `now` is the clock in microseconds. */
export function createCaseService(store: DecisionStore, traces: Pick<TraceReadStore, 'listSpans'>, now: () => number) {
  async function withAttempts(rows: NotificationRow[], reveal: boolean) {
    const attempts = await store.listNotificationAttempts(rows.map((r) => r.notification_id));
    return rows.map((r) => notificationView(r, attempts.filter((a) => a.notification_id === r.notification_id), reveal));
  }

  /** The rule that decided, from the policy version that decided. */
  async function firedRule(projectId: string, decision: DecisionRow | null): Promise<Record<string, unknown> | null> {
    const index = decision?.rule ? (JSON.parse(decision.rule) as { index?: unknown }).index : undefined;
    if (!decision?.policy_id || decision.policy_version == null || typeof index !== 'number') return null;
    const [version] = await store.getPolicyVersions(projectId, [{ policy_id: decision.policy_id, version: decision.policy_version }]);
    const rules = version ? (JSON.parse(version.definition) as { rules?: Record<string, unknown>[] }).rules : undefined;
    return rules?.[index] ?? null;
  }

  /** What the judge scanned, from the decision's judge span (its input holds both payloads). */
  async function flagged(projectId: string, decision: DecisionRow | null) {
    if (!decision) return null;
    const { rows } = await traces.listSpans(projectId, { trace_id: decision.trace_id, span_id: decision.span_id, page: 1, page_size: 1 });
    const input = rows[0]?.input ? (JSON.parse(rows[0].input) as { request_payload?: unknown; response_payload?: unknown }) : null;
    return input ? flaggedText(input.request_payload ?? {}, input.response_payload ?? {}) : null;
  }

  async function detail(projectId: string, row: CaseRow, reveal: boolean) {
    const [decision, notifications] = await Promise.all([
      store.getDecision(projectId, row.decision_id),
      store.listCaseNotifications(projectId, row.case_id),
    ]);
    const [rule, text] = await Promise.all([firedRule(projectId, decision), flagged(projectId, decision)]);
    return {
      ...caseView(row),
      decision: decision ? decisionView(decision) : null,
      rule,
      flagged: text,
      notifications: await withAttempts(notifications, reveal),
    };
  }

  return {
    async list(projectId: string, query: CaseListQuery) {
      const { rows, total } = await store.listCases(projectId, query);
      return { items: rows.map(caseView), page: query.page, page_size: query.page_size, total };
    },

    /** The case with its decision and every notification attempt (URLs whole only when `reveal`: project admins). */
    async get(projectId: string, caseId: string, reveal = false) {
      const row = await store.getCase(projectId, caseId);
      if (!row) throw new NotFoundError(`Case "${caseId}" was not found in this project.`);
      return detail(projectId, row, reveal);
    },

    /** open → acknowledged. */
    async acknowledge(projectId: string, caseId: string, input: CaseTransitionInput, reveal = false) {
      const at = now();
      const result = await store.transitionCase(projectId, caseId, ['open'], 'acknowledged', {
        at, acknowledged_at: at, acknowledged_by: input.by ?? null, ...(input.note !== undefined ? { note: input.note } : {}),
      });
      if (result.outcome === 'not_found') throw new NotFoundError(`Case "${caseId}" was not found in this project.`);
      if (result.outcome === 'conflict') {
        throw new ConflictError(`Case "${caseId}" is ${result.row.status}; only an open case can be acknowledged.`, { code: 'invalid_transition' });
      }
      return detail(projectId, result.row, reveal);
    },

    /** open or acknowledged → resolved. */
    async resolve(projectId: string, caseId: string, input: CaseTransitionInput, reveal = false) {
      const at = now();
      const result = await store.transitionCase(projectId, caseId, ['open', 'acknowledged'], 'resolved', {
        at, resolved_at: at, resolved_by: input.by ?? null, ...(input.note !== undefined ? { note: input.note } : {}),
      });
      if (result.outcome === 'not_found') throw new NotFoundError(`Case "${caseId}" was not found in this project.`);
      if (result.outcome === 'conflict') {
        throw new ConflictError(`Case "${caseId}" is already resolved.`, { code: 'invalid_transition' });
      }
      return detail(projectId, result.row, reveal);
    },

    /** `GET /notifications`: notifications with their attempts, newest first. */
    async notifications(projectId: string, query: NotificationListQuery, reveal = false) {
      const { rows, total } = await store.listNotifications(projectId, query);
      return { items: await withAttempts(rows, reveal), page: query.page, page_size: query.page_size, total };
    },
  };
}

/** The case service. */
export type CaseService = ReturnType<typeof createCaseService>;
