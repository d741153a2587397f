/**
 * The storage contract of alert rules and alerts: behaviour every backend must show through the
 * AlertStore seam — unique rule names, the evaluation lease (a due rule is claimed once, however many
 * claim it at the same time), one firing alert per rule, notifications committed with the alert,
 * history kept when a rule is deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { AlertRow, AlertRuleRow } from '../alert-store.js';
import type { NotificationRow } from '../decision-store.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;
const MIN = 60_000_000;

const rule = (id: string, extra: Partial<AlertRuleRow> = {}): AlertRuleRow => ({
  project_id: 'p1', rule_id: id, name: `rule-${id}`, kind: 'error_rate', comparator: '>', threshold: 0.25, window_minutes: 5,
  for_seconds: 0, cooldown_seconds: 600, environment: null, trace_name: null, ab_test_id: null, destinations: '["ops"]', enabled: 1,
  state: 'ok', state_reason: null, pending_since: null, last_value: null, last_evaluated_at: null, last_notified_at: null,
  next_eval_at: T0, created_at: T0, updated_at: T0, metric_name: null, metric_labels: null, metric_agg: null, evaluator: null, ...extra,
});
const alert = (id: string, ruleId: string, at: number): AlertRow => ({
  project_id: 'p1', alert_id: id, rule_id: ruleId, rule_name: `rule-${ruleId}`, kind: 'error_rate', comparator: '>', threshold: 0.25,
  status: 'firing', value: 0.5, last_value: 0.5, started_at: at, resolved_at: null, notified_at: at, created_at: at, updated_at: at,
});
const notification = (id: string, at: number): NotificationRow => ({
  notification_id: id, project_id: 'p1', case_id: null, event: 'alert.firing', url: 'https://hooks.example.com/a', destination_id: null,
  payload: '{"event":"alert.firing"}', status: 'pending', attempt_count: 0, max_attempts: 3, next_attempt_at: at, last_status_code: null,
  last_error: null, delivered_at: null, created_at: at, updated_at: at,
});
const state = (at: number, extra: Partial<AlertRuleRow> = {}) => ({
  state: 'firing', state_reason: null, pending_since: at, last_value: 0.5, last_evaluated_at: at, last_notified_at: at, ...extra,
});

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function alertStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`alert store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
      await store.projects.createProject({ project_id: 'p1', name: 'one', created_at: T0 });
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates rules once per name, reads them back exactly, and updates fields', async () => {
      const r = rule('r1', { environment: 'prod', threshold: 0.125 });
      expect(await store.alerts.createRule(r)).toEqual({ outcome: 'created', row: r });
      expect(await store.alerts.createRule(rule('r1b', { name: 'rule-r1' }))).toEqual({ outcome: 'conflict' });
      expect(await store.alerts.getRule('p1', 'r1')).toEqual(r);
      expect(await store.alerts.getRule('p2', 'r1')).toBeNull();
      await store.alerts.createRule(rule('r2'));
      expect((await store.alerts.listRules('p1')).map((x) => x.rule_id)).toEqual(['r1', 'r2']);
      expect(await store.alerts.updateRule('p1', 'r2', { name: 'rule-r1' }, T0 + 1)).toBe('conflict');
      expect(await store.alerts.updateRule('p1', 'missing', { threshold: 1 }, T0 + 1)).toBeNull();
      const updated = await store.alerts.updateRule('p1', 'r2', { threshold: 0.75, enabled: 0 }, T0 + 1);
      expect(updated).toEqual({ ...rule('r2'), threshold: 0.75, enabled: 0, updated_at: T0 + 1 });
    });

    it('keeps an app_metric rule’s metric, label filters and aggregate (migration 0028)', async () => {
      const r = rule('metric', { kind: 'app_metric', metric_name: 'faiss_ntotal', metric_labels: '{"index":"docs"}', metric_agg: 'last' });
      await store.alerts.createRule(r);
      expect(await store.alerts.getRule('p1', 'metric')).toEqual(r);
      const updated = await store.alerts.updateRule('p1', 'metric', { metric_labels: '{}', metric_agg: 'max' }, T0 + 1);
      expect(updated).toMatchObject({ metric_name: 'faiss_ntotal', metric_labels: '{}', metric_agg: 'max' });
      await store.alerts.deleteRule('p1', 'metric', T0 + 2);
    });

    it('keeps a judge_agreement rule’s evaluator (migration 0027)', async () => {
      const r = rule('judge', { kind: 'judge_agreement', evaluator: 'grounded' });
      await store.alerts.createRule(r);
      expect(await store.alerts.getRule('p1', 'judge')).toEqual(r);
      expect(await store.alerts.updateRule('p1', 'judge', { evaluator: 'relevance' }, T0 + 1)).toMatchObject({ evaluator: 'relevance' });
      await store.alerts.deleteRule('p1', 'judge', T0 + 2);
    });

    it('claims a due rule once even when claims race, and not again before the lease ends', async () => {
      await store.alerts.createRule(rule('lease', { next_eval_at: T0 + 10 * MIN }));
      const at = T0 + 10 * MIN;
      const claims = await Promise.all([1, 2, 3, 4].map(() => store.alerts.claimDueRules(at, at + MIN)));
      const claimed = claims.flat().filter((r) => r.rule_id === 'lease');
      expect(claimed).toHaveLength(1);
      expect(claimed[0].next_eval_at).toBe(at + MIN);
      expect((await store.alerts.claimDueRules(at + MIN - 1, at + 2 * MIN)).map((r) => r.rule_id)).not.toContain('lease');
      expect((await store.alerts.claimDueRules(at + MIN, at + 2 * MIN)).map((r) => r.rule_id)).toContain('lease');
      // A disabled rule is never claimed.
      expect((await store.alerts.claimDueRules(at + 100 * MIN, at + 101 * MIN)).map((r) => r.rule_id)).not.toContain('r2');
    });

    it('keeps one firing alert per rule, commits its notifications with it, and resolves it', async () => {
      await store.alerts.createRule(rule('fire'));
      const at = T0 + 20 * MIN;
      const first = await store.alerts.recordEvaluation({
        project_id: 'p1', rule_id: 'fire', at, state: state(at), open: alert('a1', 'fire', at), notifications: [notification('n-a1', at)],
      });
      expect(first).toEqual({ opened: true });
      const second = await store.alerts.recordEvaluation({
        project_id: 'p1', rule_id: 'fire', at: at + 1, state: state(at + 1), open: alert('a2', 'fire', at + 1), notifications: [notification('n-a2', at + 1)],
      });
      expect(second).toEqual({ opened: false });
      expect((await store.alerts.firingAlert('p1', 'fire'))?.alert_id).toBe('a1');
      const queued = await store.decisions.listNotifications('p1', { page: 1, page_size: 50 });
      expect(queued.rows.map((n) => n.notification_id)).toEqual(['n-a1']);
      // The refused second opening did not move the cool-down clock.
      expect((await store.alerts.getRule('p1', 'fire'))?.last_notified_at).toBe(at);

      await store.alerts.recordEvaluation({
        project_id: 'p1', rule_id: 'fire', at: at + 2, notifications: [], update: { alert_id: 'a1', last_value: 0.1, resolved_at: at + 2 },
        state: { ...state(at + 2), state: 'ok', pending_since: null, last_value: 0.1, last_notified_at: null },
      });
      expect(await store.alerts.firingAlert('p1', 'fire')).toBeNull();
      const { rows, total } = await store.alerts.listAlerts('p1', { status: 'resolved', page: 1, page_size: 10 });
      expect(total).toBe(1);
      expect(rows[0]).toEqual({ ...alert('a1', 'fire', at), status: 'resolved', last_value: 0.1, resolved_at: at + 2, updated_at: at + 2 });
      const after = await store.alerts.getRule('p1', 'fire');
      expect(after).toMatchObject({ state: 'ok', pending_since: null, last_value: 0.1, last_notified_at: at, last_evaluated_at: at + 2 });
      // A new episode may open once the last one resolved.
      expect(await store.alerts.recordEvaluation({ project_id: 'p1', rule_id: 'fire', at: at + 3, state: state(at + 3), open: alert('a3', 'fire', at + 3), notifications: [] }))
        .toEqual({ opened: true });
    });

    it('deletes a rule, resolving its firing alert and keeping the history; lists newest first with paging', async () => {
      const listed = await store.alerts.listAlerts('p1', { rule_id: 'fire', page: 1, page_size: 1 });
      expect(listed.total).toBe(2);
      expect(listed.rows.map((a) => a.alert_id)).toEqual(['a3']);
      expect(await store.alerts.deleteRule('p1', 'fire', T0 + 30 * MIN)).toBe(true);
      expect(await store.alerts.deleteRule('p1', 'fire', T0 + 30 * MIN)).toBe(false);
      expect(await store.alerts.getRule('p1', 'fire')).toBeNull();
      const kept = await store.alerts.listAlerts('p1', { rule_id: 'fire', page: 1, page_size: 10 });
      expect(kept.rows.map((a) => [a.alert_id, a.status, a.resolved_at])).toEqual([['a3', 'resolved', T0 + 30 * MIN], ['a1', 'resolved', T0 + 20 * MIN + 2]]);
      expect((await store.alerts.listAlerts('p2', { page: 1, page_size: 10 })).total).toBe(0);
    });
  });
}
