/**
 * Cases and their notifications. A case moves open → acknowledged → resolved; resolving straight
 * from open is allowed (a false positive needs no acknowledgement). Any other move answers 409.
 */
import type { CaseListQuery, NotificationListQuery } from '@tracehub/core';
import type { CaseRow, DecisionStore, NotificationRow } from '../storage/decision-store.js';
import { ConflictError, NotFoundError } from '../domain-errors.js';
import { caseView, decisionView, notificationView } from './decision-views.js';

/** Who moved a case and why (both optional). */
export interface CaseTransitionInput {
  note?: string;
  by?: string;
}

/** Creates the case service. `now` is the clock in microseconds. */
export function createCaseService(store: DecisionStore, now: () => number) {
  async function withAttempts(rows: NotificationRow[], reveal: boolean) {
    const attempts = await store.listNotificationAttempts(rows.map((r) => r.notification_id));
    return rows.map((r) => notificationView(r, attempts.filter((a) => a.notification_id === r.notification_id), reveal));
  }

  async function detail(projectId: string, row: CaseRow, reveal: boolean) {
    const [decision, notifications] = await Promise.all([
      store.getDecision(projectId, row.decision_id),
      store.listCaseNotifications(projectId, row.case_id),
    ]);
    return { ...caseView(row), decision: decision ? decisionView(decision) : null, notifications: await withAttempts(notifications, reveal) };
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
