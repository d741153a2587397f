/** Online evaluation rule and item queries shared by the SQLite and PostgreSQL backends. */
import { sql } from 'kysely';
import type { CandidateTrace, EvaluationRuleRow, OnlineEvalItemRow, OnlineEvalStatus, OnlineEvalStore } from '../online-eval-store.js';
import type { Db } from './database.js';
import type { SqlCapabilities } from './sql-capabilities.js';
import type { WriteTransaction } from './write-transaction.js';
import { num, numOrNull, textOrNull, type RawRow } from './row-values.js';

const toRule = (r: RawRow): EvaluationRuleRow => ({
  project_id: String(r.project_id), rule_id: String(r.rule_id), name: String(r.name), filter: String(r.filter),
  sampling_rate: num(r.sampling_rate), evaluators: String(r.evaluators), connection: String(r.connection), model: textOrNull(r.model),
  daily_cost_cap: numOrNull(r.daily_cost_cap), enabled: num(r.enabled), version: num(r.version),
  created_at: num(r.created_at), updated_at: num(r.updated_at),
});

const toItem = (r: RawRow): OnlineEvalItemRow => ({
  item_id: String(r.item_id), project_id: String(r.project_id), rule_id: String(r.rule_id), trace_id: String(r.trace_id),
  status: String(r.status) as OnlineEvalStatus, source: String(r.source), attempts: num(r.attempts), next_attempt_at: num(r.next_attempt_at),
  lease_until: numOrNull(r.lease_until), claim_token: textOrNull(r.claim_token), error: textOrNull(r.error), cost: numOrNull(r.cost),
  created_at: num(r.created_at), updated_at: num(r.updated_at),
});

const toCandidate = (r: RawRow): CandidateTrace => ({
  trace_id: String(r.trace_id), name: textOrNull(r.name), environment: textOrNull(r.environment), model: textOrNull(r.model),
  tags: typeof r.tags === 'string' ? r.tags : JSON.stringify(r.tags ?? []),
  attributes: typeof r.attributes === 'string' ? r.attributes : JSON.stringify(r.attributes ?? {}),
  start_time: num(r.start_time),
});

/** The online evaluation store: reads on `db`, every write in `transaction` (the backend's write transaction). */
export function createOnlineEvalQueries(db: Db, transaction: WriteTransaction, caps: SqlCapabilities): OnlineEvalStore {
  return {
    createRule(row) {
      return transaction(async (tx) => {
        const inserted = await tx.insertInto('evaluation_rules').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? { outcome: 'created' as const, row } : { outcome: 'conflict' as const };
      });
    },
    async listRules(projectId) {
      const rows = await db.selectFrom('evaluation_rules').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
      return rows.map(toRule);
    },
    async enabledRules() {
      const rows = await db.selectFrom('evaluation_rules').selectAll().where('enabled', '=', 1).orderBy('created_at').execute();
      return rows.map(toRule);
    },
    async getRule(projectId, ruleId) {
      const row = await db.selectFrom('evaluation_rules').selectAll().where('project_id', '=', projectId).where('rule_id', '=', ruleId).executeTakeFirst();
      return row ? toRule(row) : null;
    },
    updateRule(projectId, ruleId, fields, at) {
      return transaction(async (tx) => {
        if (fields.name !== undefined) {
          const taken = await tx.selectFrom('evaluation_rules').select('rule_id').where('project_id', '=', projectId)
            .where('name', '=', fields.name).where('rule_id', '!=', ruleId).executeTakeFirst();
          if (taken) return 'conflict' as const;
        }
        const row = await tx.updateTable('evaluation_rules').set((eb) => ({ ...fields, updated_at: at, version: eb('version', '+', 1) }))
          .where('project_id', '=', projectId).where('rule_id', '=', ruleId).returningAll().executeTakeFirst();
        return row ? toRule(row) : null;
      });
    },
    deleteRule(projectId, ruleId) {
      return transaction(async (tx) => {
        await tx.deleteFrom('online_eval_items').where('project_id', '=', projectId).where('rule_id', '=', ruleId).execute();
        const result = await tx.deleteFrom('evaluation_rules').where('project_id', '=', projectId).where('rule_id', '=', ruleId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
    async candidates(q) {
      let query = db.selectFrom('traces as t')
        .select(['t.trace_id', 't.name', 't.environment', 't.model', 't.tags', 't.attributes', 't.start_time'])
        .where('t.project_id', '=', q.project_id)
        .where('t.updated_at', '<=', q.updatedBefore)
        .where((eb) => eb.or([eb('t.environment', 'is', null), eb('t.environment', '!=', q.excludeEnvironment)]))
        .where(({ not, exists, selectFrom }) => not(exists(
          selectFrom('online_eval_items as i').select('i.item_id')
            .whereRef('i.project_id', '=', 't.project_id').where('i.rule_id', '=', q.rule_id).whereRef('i.trace_id', '=', 't.trace_id'),
        )));
      if (q.createdFrom !== undefined) query = query.where('t.created_at', '>=', q.createdFrom);
      if (q.startFrom !== undefined) query = query.where('t.start_time', '>=', q.startFrom);
      if (q.startTo !== undefined) query = query.where('t.start_time', '<', q.startTo);
      const rows = await query.orderBy('t.start_time').orderBy('t.trace_id').limit(q.limit).execute();
      return rows.map(toCandidate);
    },
    async addItems(rows) {
      if (!rows.length) return 0;
      return transaction(async (tx) => {
        const result = await tx.insertInto('online_eval_items').values(rows)
          .onConflict((oc) => oc.columns(['project_id', 'rule_id', 'trace_id']).doNothing()).executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0);
      });
    },
    claimDue(now, leaseUntil, token, limit) {
      return transaction(async (tx) => {
        let pick = tx.selectFrom('online_eval_items').select('item_id')
          .where((eb) => eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
          ]))
          .orderBy('next_attempt_at').limit(limit);
        if (caps.rowLocks) pick = pick.forUpdate().skipLocked();
        const rows = await tx.updateTable('online_eval_items')
          .set((eb) => ({ status: 'running', claim_token: token, lease_until: leaseUntil, attempts: eb('attempts', '+', 1), updated_at: now }))
          .where('item_id', 'in', pick)
          // Re-checked on the row itself (PostgreSQL re-reads a row another claim changed meanwhile).
          .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
          .returningAll().execute();
        return rows.map(toItem);
      });
    },
    complete(item, evals, cost, day, at) {
      return transaction(async (tx) => {
        const done = await tx.updateTable('online_eval_items')
          .set({ status: 'done', cost, error: null, lease_until: null, updated_at: at })
          .where('item_id', '=', item.item_id).where('claim_token', '=', item.claim_token).where('status', '=', 'running')
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) === 0) return false;
        if (evals.length) {
          await tx.insertInto('evaluations').values(evals.map((e) => ({
            ...e, passed: e.passed === null ? null : caps.bool(e.passed), user_review_passed: e.user_review_passed === null ? null : caps.bool(e.user_review_passed),
          }))).execute();
        }
        if (cost > 0) {
          await tx.insertInto('online_eval_spend').values({ project_id: item.project_id, rule_id: item.rule_id, day, cost })
            .onConflict((oc) => oc.columns(['project_id', 'rule_id', 'day']).doUpdateSet({ cost: sql`online_eval_spend.cost + excluded.cost` }))
            .execute();
        }
        return true;
      });
    },
    async release(item, outcome, at) {
      await transaction((tx) => tx.updateTable('online_eval_items')
        .set({ status: outcome.status, next_attempt_at: outcome.retryAt ?? at, error: outcome.error, lease_until: null, updated_at: at })
        .where('item_id', '=', item.item_id).where('claim_token', '=', item.claim_token).where('status', '=', 'running')
        .execute());
    },
    async spend(projectId, ruleId, day) {
      const row = await db.selectFrom('online_eval_spend').select('cost').where('project_id', '=', projectId)
        .where('rule_id', '=', ruleId).where('day', '=', day).executeTakeFirst();
      return row ? num(row.cost) : 0;
    },
    async counts(projectId, ruleId) {
      const rows = await db.selectFrom('online_eval_items').select(['status', (eb) => eb.fn.countAll().as('n')])
        .where('project_id', '=', projectId).where('rule_id', '=', ruleId).groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
    },
  };
}
