/**
 * Alert rules and their evaluation. A rule watches one figure (alert-figures.ts) against a
 * comparator and threshold; the condition must hold `for_seconds` before the rule fires. Firing opens
 * one alert (at most one open per rule, enforced by the schema too) and queues signed webhook
 * notifications for the notification dispatcher — unless a firing notification of the rule went out
 * less than `cooldown_seconds` ago; the end of the condition resolves the alert and notifies again.
 * Every evaluation claims its rules first (AlertStore.claimDueRules), so several servers on one
 * PostgreSQL database evaluate each rule once per interval.
 */
import { randomUUID } from 'node:crypto';
import {
  microsToIso,
  type AlertComparator,
  type AlertKind,
  type AlertListQuery,
  type AlertRuleBody,
  type AlertRulePatch,
  type AlertRuleState,
  type AlertRuleView,
  type AlertView,
} from '@tracehub/core';
import type { AlertRow, AlertRuleFields, AlertRuleRow, AlertStore } from '../storage/alert-store.js';
import type { NotificationRow } from '../storage/decision-store.js';
import type { DecisionConfig } from '../decision/decision-config.js';
import type { WebhookDestinationService } from '../decision/webhook-destination-service.js';
import { uuidv7 } from '../decision/time-ordered-id.js';
import { ConflictError, InvalidError, NotFoundError } from '../domain-errors.js';
import { readFigure, type AlertReading, type FigureSources } from './alert-figures.js';

/** Logger subset the evaluation uses (pino-compatible). */
export interface AlertLog {
  warn(obj: object, msg: string): void;
}

/** What the alert service needs. */
export interface AlertServiceDeps extends FigureSources {
  store: AlertStore;
  webhooks: Pick<WebhookDestinationService, 'list'>;
  config: Pick<DecisionConfig, 'webhookUrls' | 'webhookMaxAttempts'>;
  /** Evaluation interval in microseconds (the lease each claim takes). */
  intervalMicros: number;
  /** Clock in microseconds. */
  now: () => number;
  /** Called after notifications were queued (wakes the dispatcher). */
  onNotificationsQueued?: () => void;
}

const SECOND = 1_000_000;

/** Whether `value comparator threshold` holds. */
export function compare(value: number, comparator: AlertComparator, threshold: number): boolean {
  switch (comparator) {
    case '>': return value > threshold;
    case '>=': return value >= threshold;
    case '<': return value < threshold;
    case '<=': return value <= threshold;
    case '==': return value === threshold;
    default: return value !== threshold;
  }
}

const isoOrNull = (micros: number | null) => (micros === null ? null : microsToIso(micros));

function ruleView(r: AlertRuleRow): AlertRuleView {
  return {
    rule_id: r.rule_id, name: r.name, kind: r.kind as AlertKind, comparator: r.comparator as AlertComparator, threshold: r.threshold,
    window_minutes: r.window_minutes, for_seconds: r.for_seconds, cooldown_seconds: r.cooldown_seconds, environment: r.environment,
    trace_name: r.trace_name, ab_test_id: r.ab_test_id, destinations: JSON.parse(r.destinations) as string[], enabled: r.enabled === 1,
    metric_name: r.metric_name, metric_labels: r.metric_labels ? (JSON.parse(r.metric_labels) as Record<string, string>) : {},
    metric_agg: r.metric_agg as AlertRuleView['metric_agg'],
    evaluator: r.evaluator,
    state: r.state as AlertRuleState, state_reason: r.state_reason, last_value: r.last_value, last_evaluated_at: isoOrNull(r.last_evaluated_at),
    created_at: microsToIso(r.created_at), updated_at: microsToIso(r.updated_at),
  };
}

function alertView(a: AlertRow): AlertView {
  return {
    alert_id: a.alert_id, rule_id: a.rule_id, rule_name: a.rule_name, kind: a.kind as AlertKind, status: a.status,
    comparator: a.comparator as AlertComparator, threshold: a.threshold, value: a.value, last_value: a.last_value,
    started_at: microsToIso(a.started_at), resolved_at: isoOrNull(a.resolved_at), notified_at: isoOrNull(a.notified_at),
  };
}

/** The stored form of a body's fields. */
function storedFields(body: Partial<AlertRuleBody>): Partial<AlertRuleFields> {
  const { destinations, enabled, metric_labels, ...rest } = body;
  return {
    ...rest,
    ...(destinations !== undefined && { destinations: JSON.stringify(destinations) }),
    ...(metric_labels !== undefined && { metric_labels: JSON.stringify(metric_labels) }),
    ...(enabled !== undefined && { enabled: enabled ? 1 : 0 }),
  };
}

/** Creates the alert service. */
export function createAlertService(deps: AlertServiceDeps) {
  const { store, now } = deps;

  async function ruleOrThrow(projectId: string, ruleId: string) {
    const row = await store.getRule(projectId, ruleId);
    if (!row) throw new NotFoundError(`Alert rule "${ruleId}" was not found in this project.`);
    return row;
  }

  /** Destinations are named like policies name them; unknown names are refused when saved. */
  async function checkDestinations(projectId: string, names: string[] | undefined) {
    if (!names?.length) return;
    const known = (await deps.webhooks.list(projectId, true)).items;
    const missing = names.filter((n) => !known.some((d) => d.name === n || d.destination_id === n));
    if (missing.length) {
      const message = `destinations: no webhook destination named ${missing.map((n) => `"${n}"`).join(', ')} in this project`;
      throw new InvalidError(`${message}.`, { issues: [{ path: 'destinations', message }] });
    }
  }

  /** TRACEHUB_WEBHOOK_URLS (global secret) and the rule's destinations (each signed with its own secret). */
  async function targets(projectId: string, names: string[]) {
    const fromEnv = [...new Set(deps.config.webhookUrls)].map((url) => ({ url, destination_id: null as string | null }));
    if (!names.length) return fromEnv;
    const known = (await deps.webhooks.list(projectId, true)).items.filter((d) => names.includes(d.name) || names.includes(d.destination_id));
    return [...fromEnv, ...known.map((d) => ({ url: d.url, destination_id: d.destination_id as string | null }))];
  }

  async function notifications(
    rule: AlertRuleRow, alert: AlertRow, event: 'alert.firing' | 'alert.resolved', at: number, detail?: Record<string, number>,
  ): Promise<NotificationRow[]> {
    const to = await targets(rule.project_id, JSON.parse(rule.destinations) as string[]);
    return to.map(({ url, destination_id }) => {
      const notificationId = uuidv7();
      const payload = JSON.stringify({
        event, notification_id: notificationId, project_id: rule.project_id, created_at: microsToIso(at),
        alert: alertView(alert), rule: ruleView(rule), ...(detail && { detail }),
      });
      return {
        notification_id: notificationId, project_id: rule.project_id, case_id: null, event, url, destination_id, payload,
        status: 'pending', attempt_count: 0, max_attempts: deps.config.webhookMaxAttempts, next_attempt_at: at,
        last_status_code: null, last_error: null, delivered_at: null, created_at: at, updated_at: at,
      };
    });
  }

  /** One evaluation of a claimed rule: reads its figure, moves its state, opens or resolves its alert. */
  async function evaluate(rule: AlertRuleRow): Promise<number> {
    const reading: AlertReading = await readFigure(deps, {
      ...rule, kind: rule.kind as AlertKind, metric_labels: rule.metric_labels ? (JSON.parse(rule.metric_labels) as Record<string, string>) : {},
    });
    const at = now();
    const firing = await store.firingAlert(rule.project_id, rule.rule_id);
    // A backup_stale rule also holds when the last scheduled backup failed (alert-figures.ts).
    const failedBackup = 'detail' in reading && reading.detail?.last_run_failed === 1;
    const holds = reading.value !== null && (failedBackup || compare(reading.value, rule.comparator as AlertComparator, rule.threshold));
    const base = { last_value: reading.value, last_evaluated_at: at, last_notified_at: null as number | null };
    const write = { project_id: rule.project_id, rule_id: rule.rule_id, at, notifications: [] as NotificationRow[] };

    if (holds && reading.value !== null) {
      const value = reading.value;
      const since = rule.pending_since ?? at;
      if (firing) {
        await store.recordEvaluation({ ...write, state: { ...base, state: 'firing', state_reason: null, pending_since: since }, update: { alert_id: firing.alert_id, last_value: value, resolved_at: null } });
        return 0;
      }
      if (at - since < rule.for_seconds * SECOND) {
        await store.recordEvaluation({ ...write, state: { ...base, state: 'pending', state_reason: null, pending_since: since } });
        return 0;
      }
      const notify = rule.last_notified_at === null || at - rule.last_notified_at >= rule.cooldown_seconds * SECOND;
      const alert: AlertRow = {
        project_id: rule.project_id, alert_id: uuidv7(), rule_id: rule.rule_id, rule_name: rule.name, kind: rule.kind,
        comparator: rule.comparator, threshold: rule.threshold, status: 'firing', value, last_value: value, started_at: at,
        resolved_at: null, notified_at: notify ? at : null, created_at: at, updated_at: at,
      };
      const queued = notify ? await notifications(rule, alert, 'alert.firing', at, reading.detail) : [];
      const { opened } = await store.recordEvaluation({
        ...write, notifications: queued, open: alert,
        state: { ...base, state: 'firing', state_reason: null, pending_since: since, last_notified_at: notify ? at : null },
      });
      return opened ? queued.length : 0;
    }

    const state = reading.value === null ? reading.state : 'ok';
    const reason = reading.value === null ? reading.reason : null;
    const resolvedState = { ...base, state, state_reason: reason, pending_since: null };
    if (!firing) {
      await store.recordEvaluation({ ...write, state: resolvedState });
      return 0;
    }
    const resolved: AlertRow = { ...firing, status: 'resolved', last_value: reading.value ?? firing.last_value, resolved_at: at, updated_at: at };
    // A resolution is announced when its firing was (a firing held back by the cool-down resolves quietly).
    const queued = firing.notified_at !== null ? await notifications(rule, resolved, 'alert.resolved', at, reading.value === null ? undefined : reading.detail) : [];
    await store.recordEvaluation({ ...write, notifications: queued, state: resolvedState, update: { alert_id: firing.alert_id, last_value: resolved.last_value, resolved_at: at } });
    return queued.length;
  }

  return {
    async createRule(projectId: string, body: AlertRuleBody) {
      await checkDestinations(projectId, body.destinations);
      const at = now();
      const row: AlertRuleRow = {
        project_id: projectId, rule_id: randomUUID(), ...body, destinations: JSON.stringify(body.destinations), enabled: body.enabled ? 1 : 0,
        metric_labels: JSON.stringify(body.metric_labels),
        state: 'ok', state_reason: null, pending_since: null, last_value: null, last_evaluated_at: null, last_notified_at: null,
        next_eval_at: at, created_at: at, updated_at: at,
      };
      const created = await store.createRule(row);
      if (created.outcome === 'conflict') throw new ConflictError(`An alert rule named "${body.name}" already exists in this project.`);
      return ruleView(row);
    },

    async listRules(projectId: string) {
      return { items: (await store.listRules(projectId)).map(ruleView) };
    },

    async getRule(projectId: string, ruleId: string) {
      return ruleView(await ruleOrThrow(projectId, ruleId));
    },

    async updateRule(projectId: string, ruleId: string, patch: AlertRulePatch) {
      const current = await ruleOrThrow(projectId, ruleId);
      const kind = patch.kind ?? current.kind;
      const abTest = patch.ab_test_id !== undefined ? patch.ab_test_id : current.ab_test_id;
      if (kind === 'ab_srm' && !abTest) throw new InvalidError('ab_test_id: is required for kind ab_srm.', { issues: [{ path: 'ab_test_id', message: 'is required for kind ab_srm' }] });
      const metric = patch.metric_name !== undefined ? patch.metric_name : current.metric_name;
      if (kind === 'app_metric' && !metric) throw new InvalidError('metric_name: is required for kind app_metric.', { issues: [{ path: 'metric_name', message: 'is required for kind app_metric' }] });
      const evaluator = patch.evaluator !== undefined ? patch.evaluator : current.evaluator;
      if (kind === 'judge_agreement' && !evaluator) throw new InvalidError('evaluator: is required for kind judge_agreement.', { issues: [{ path: 'evaluator', message: 'is required for kind judge_agreement' }] });
      await checkDestinations(projectId, patch.destinations);
      const updated = await store.updateRule(projectId, ruleId, storedFields(patch), now());
      if (updated === 'conflict') throw new ConflictError(`An alert rule named "${patch.name}" already exists in this project.`);
      if (!updated) throw new NotFoundError(`Alert rule "${ruleId}" was not found in this project.`);
      return ruleView(updated);
    },

    async deleteRule(projectId: string, ruleId: string) {
      if (!(await store.deleteRule(projectId, ruleId, now()))) throw new NotFoundError(`Alert rule "${ruleId}" was not found in this project.`);
      return { rule_id: ruleId, deleted: true };
    },

    async listAlerts(projectId: string, query: AlertListQuery) {
      const { rows, total } = await store.listAlerts(projectId, query);
      return { items: rows.map(alertView), page: query.page, page_size: query.page_size, total };
    },

    /** Claims the due rules and evaluates each; answers how many were evaluated. A failing rule is logged, not retried early. */
    async evaluateDue(log?: AlertLog): Promise<number> {
      const at = now();
      const rules = await store.claimDueRules(at, at + deps.intervalMicros);
      let queued = 0;
      for (const rule of rules) {
        try {
          queued += await evaluate(rule);
        } catch (e) {
          log?.warn({ err: e, rule: rule.rule_id, project: rule.project_id }, 'alert rule evaluation failed');
        }
      }
      if (queued) deps.onNotificationsQueued?.();
      return rules.length;
    },
  };
}

/** The alert service. */
export type AlertService = ReturnType<typeof createAlertService>;
