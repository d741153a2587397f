/** Alert rule and alert queries shared by the SQLite and PostgreSQL backends. */
import type { AlertRow, AlertRuleRow, AlertStore } from '../alert-store.js';
import type { Db } from './database.js';
import type { WriteTransaction } from './write-transaction.js';
import { num, numOrNull, textOrNull, type RawRow } from './row-values.js';

const toRule = (r: RawRow): AlertRuleRow => ({
  project_id: String(r.project_id), rule_id: String(r.rule_id), name: String(r.name), kind: String(r.kind),
  comparator: String(r.comparator), threshold: num(r.threshold), window_minutes: num(r.window_minutes), for_seconds: num(r.for_seconds),
  cooldown_seconds: num(r.cooldown_seconds), environment: textOrNull(r.environment), trace_name: textOrNull(r.trace_name),
  ab_test_id: textOrNull(r.ab_test_id), destinations: String(r.destinations), enabled: num(r.enabled), state: String(r.state),
  state_reason: textOrNull(r.state_reason), pending_since: numOrNull(r.pending_since), last_value: numOrNull(r.last_value),
  last_evaluated_at: numOrNull(r.last_evaluated_at), last_notified_at: numOrNull(r.last_notified_at), next_eval_at: num(r.next_eval_at),
  created_at: num(r.created_at), updated_at: num(r.updated_at),
  metric_name: textOrNull(r.metric_name), metric_labels: textOrNull(r.metric_labels), metric_agg: textOrNull(r.metric_agg),
  evaluator: textOrNull(r.evaluator),
});

const toAlert = (r: RawRow): AlertRow => ({
  project_id: String(r.project_id), alert_id: String(r.alert_id), rule_id: String(r.rule_id), rule_name: String(r.rule_name),
  kind: String(r.kind), comparator: String(r.comparator), threshold: num(r.threshold), status: r.status === 'firing' ? 'firing' : 'resolved',
  value: num(r.value), last_value: num(r.last_value), started_at: num(r.started_at), resolved_at: numOrNull(r.resolved_at),
  notified_at: numOrNull(r.notified_at), created_at: num(r.created_at), updated_at: num(r.updated_at),
});

/** The alert store: reads on `db`, every write in `transaction` (the backend's write transaction). */
export function createAlertQueries(db: Db, transaction: WriteTransaction): AlertStore {
  return {
    createRule(row) {
      return transaction(async (tx) => {
        const inserted = await tx.insertInto('alert_rules').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? { outcome: 'created' as const, row } : { outcome: 'conflict' as const };
      });
    },
    async listRules(projectId) {
      const rows = await db.selectFrom('alert_rules').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
      return rows.map(toRule);
    },
    async getRule(projectId, ruleId) {
      const row = await db.selectFrom('alert_rules').selectAll().where('project_id', '=', projectId).where('rule_id', '=', ruleId).executeTakeFirst();
      return row ? toRule(row) : null;
    },
    updateRule(projectId, ruleId, fields, at) {
      return transaction(async (tx) => {
        if (fields.name !== undefined) {
          const taken = await tx.selectFrom('alert_rules').select('rule_id').where('project_id', '=', projectId)
            .where('name', '=', fields.name).where('rule_id', '!=', ruleId).executeTakeFirst();
          if (taken) return 'conflict' as const;
        }
        const row = await tx.updateTable('alert_rules').set({ ...fields, updated_at: at })
          .where('project_id', '=', projectId).where('rule_id', '=', ruleId).returningAll().executeTakeFirst();
        return row ? toRule(row) : null;
      });
    },
    deleteRule(projectId, ruleId, at) {
      return transaction(async (tx) => {
        await tx.updateTable('alerts').set({ status: 'resolved', resolved_at: at, updated_at: at })
          .where('project_id', '=', projectId).where('rule_id', '=', ruleId).where('status', '=', 'firing').execute();
        const result = await tx.deleteFrom('alert_rules').where('project_id', '=', projectId).where('rule_id', '=', ruleId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
    claimDueRules(now, leaseUntil) {
      // One UPDATE: on PostgreSQL a second server's identical statement waits on the row locks, then
      // re-checks next_eval_at and skips the rows this one moved forward.
      return transaction(async (tx) => {
        const rows = await tx.updateTable('alert_rules').set({ next_eval_at: leaseUntil })
          .where('enabled', '=', 1).where('next_eval_at', '<=', now).returningAll().execute();
        return rows.map(toRule);
      });
    },
    async firingAlert(projectId, ruleId) {
      const row = await db.selectFrom('alerts').selectAll().where('project_id', '=', projectId).where('rule_id', '=', ruleId)
        .where('status', '=', 'firing').executeTakeFirst();
      return row ? toAlert(row) : null;
    },
    recordEvaluation(w) {
      return transaction(async (tx) => {
        let opened = false;
        if (w.open) {
          const inserted = await tx.insertInto('alerts').values(w.open).onConflict((oc) => oc.doNothing()).executeTakeFirst();
          opened = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
        }
        if (w.update) {
          const { alert_id, last_value, resolved_at } = w.update;
          await tx.updateTable('alerts')
            .set({ last_value, updated_at: w.at, ...(resolved_at !== null && { status: 'resolved', resolved_at }) })
            .where('project_id', '=', w.project_id).where('alert_id', '=', alert_id).where('status', '=', 'firing').execute();
        }
        const notify = w.open ? opened : true;
        if (notify && w.notifications.length) await tx.insertInto('notifications').values(w.notifications).execute();
        const state = w.open && !opened ? { ...w.state, last_notified_at: null } : w.state;
        const { last_notified_at, ...rest } = state;
        await tx.updateTable('alert_rules').set({ ...rest, ...(last_notified_at !== null && { last_notified_at }) })
          .where('project_id', '=', w.project_id).where('rule_id', '=', w.rule_id).execute();
        return { opened };
      });
    },
    async listAlerts(projectId, query) {
      let base = db.selectFrom('alerts').where('project_id', '=', projectId);
      if (query.status) base = base.where('status', '=', query.status);
      if (query.rule_id) base = base.where('rule_id', '=', query.rule_id);
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('started_at', 'desc').orderBy('alert_id', 'desc')
          .limit(query.page_size).offset((query.page - 1) * query.page_size).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      return { rows: rows.map(toAlert), total: Number(count?.n ?? 0) };
    },
  };
}
