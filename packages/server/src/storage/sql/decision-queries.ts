/**
 * The DecisionStore over Kysely, shared by the SQLite and PostgreSQL backends. What differs comes in
 * through the backend's SqlCapabilities; writes run inside `write` (SQLite: the store's single-writer mutex)
 * or `transaction`.
 */
import type {
  CaseRow,
  DecisionRow,
  DecisionStore,
  JudgeRunRow,
  NotificationAttemptRow,
  NotificationRow,
  PolicyRow,
  PolicyVersionRow,
  RecordOutcome,
} from '../decision-store.js';
import { createWebhookDestinationQueries } from './webhook-destination-queries.js';
import { pgJsonText } from './storable-text.js';
import type { SqlCapabilities } from './sql-capabilities.js';
import type { WriteTransaction } from './write-transaction.js';
import { flag, num, numOrNull, textOrNull as str, type RawRow } from './row-values.js';
import type { Db } from './database.js';

// The schema is declared in SQL migrations; rows are mapped below.
type Tx = Db;
type Raw = RawRow;

const bool = flag;
/**
 * JSON text for a JSONB column: `\u0000` escapes and unpaired surrogate escapes, which JSONB refuses,
 * are made storable; escaped backslashes are respected, so the text stays valid JSON (storable-text.ts).
 */
export const jsonText = pgJsonText;

/** Raw row → PolicyRow. */
export const toPolicyRow = (r: Raw): PolicyRow => ({
  project_id: String(r.project_id), policy_id: String(r.policy_id), name: String(r.name), description: str(r.description),
  latest_version: num(r.latest_version), active_version: numOrNull(r.active_version), created_at: num(r.created_at), updated_at: num(r.updated_at),
});
/** Raw row → VersionRow. */
export const toVersionRow = (r: Raw): PolicyVersionRow => ({
  project_id: String(r.project_id), policy_id: String(r.policy_id), version: num(r.version), description: str(r.description),
  definition: String(r.definition), effective_from: num(r.effective_from), created_at: num(r.created_at),
});
/** Raw row → DecisionRow. */
export const toDecisionRow = (r: Raw): DecisionRow => ({
  project_id: String(r.project_id), decision_id: String(r.decision_id), trace_id: String(r.trace_id), action: String(r.action),
  reason_code: String(r.reason_code), severity: String(r.severity), policy_id: str(r.policy_id), policy_name: str(r.policy_name),
  policy_version: numOrNull(r.policy_version), policies: String(r.policies ?? '[]'), rule: str(r.rule), judge_model: String(r.judge_model),
  signals: String(r.signals), cached: bool(r.cached), input_hash: String(r.input_hash), latency_ms: num(r.latency_ms),
  idempotency_key: str(r.idempotency_key), span_id: String(r.span_id), case_id: str(r.case_id), created_at: num(r.created_at),
});
/** Raw row → JudgeRunRow. */
export const toJudgeRunRow = (r: Raw): JudgeRunRow => ({
  project_id: String(r.project_id), run_id: String(r.run_id), decision_id: String(r.decision_id), trace_id: String(r.trace_id),
  judge: r.judge as JudgeRunRow['judge'], model: String(r.model), input_hash: String(r.input_hash), output: str(r.output),
  valid: bool(r.valid), attempts: num(r.attempts), error: str(r.error), cached: bool(r.cached), latency_ms: num(r.latency_ms),
  input_tokens: numOrNull(r.input_tokens), output_tokens: numOrNull(r.output_tokens), created_at: num(r.created_at),
});
/** Raw row → CaseRow. */
export const toCaseRow = (r: Raw): CaseRow => ({
  project_id: String(r.project_id), case_id: String(r.case_id), trace_id: String(r.trace_id), decision_id: String(r.decision_id),
  status: r.status as CaseRow['status'], severity: String(r.severity), reason_code: String(r.reason_code), policy_id: str(r.policy_id),
  policy_version: numOrNull(r.policy_version), note: str(r.note), created_at: num(r.created_at), updated_at: num(r.updated_at),
  acknowledged_at: numOrNull(r.acknowledged_at), acknowledged_by: str(r.acknowledged_by), resolved_at: numOrNull(r.resolved_at),
  resolved_by: str(r.resolved_by),
});
/** Raw row → NotificationRow. */
export const toNotificationRow = (r: Raw): NotificationRow => ({
  notification_id: String(r.notification_id), project_id: String(r.project_id), case_id: str(r.case_id), event: String(r.event),
  url: String(r.url), destination_id: str(r.destination_id), payload: String(r.payload), status: r.status as NotificationRow['status'], attempt_count: num(r.attempt_count),
  max_attempts: num(r.max_attempts), next_attempt_at: num(r.next_attempt_at), last_status_code: numOrNull(r.last_status_code),
  last_error: str(r.last_error), delivered_at: numOrNull(r.delivered_at), created_at: num(r.created_at), updated_at: num(r.updated_at),
});
/** Raw row → AttemptRow. */
export const toAttemptRow = (r: Raw): NotificationAttemptRow => ({
  notification_id: String(r.notification_id), project_id: String(r.project_id), attempt: num(r.attempt), ok: bool(r.ok),
  status_code: numOrNull(r.status_code), error: str(r.error), duration_ms: num(r.duration_ms), created_at: num(r.created_at),
});

/**
 * Builds the DecisionStore: reads on `db`, single writes on `writeDb` inside `write` (the backend's
 * write serialiser), multi-statement writes in `transaction` (the backend's write transaction).
 */
export function createDecisionQueries(
  db: Db,
  writeDb: Db,
  write: <T>(fn: () => Promise<T>) => Promise<T>,
  features: SqlCapabilities,
  transaction: WriteTransaction,
): DecisionStore {
  const b = features.bool;
  async function lockedPolicy(tx: Tx, projectId: string, where: { policy_id?: string; name?: string }) {
    let q = tx.selectFrom('policies').selectAll().where('project_id', '=', projectId);
    if (where.policy_id) q = q.where('policy_id', '=', where.policy_id);
    if (where.name) q = q.where('name', '=', where.name);
    const row = await (features.rowLocks ? q.forUpdate() : q).executeTakeFirst();
    return row ? toPolicyRow(row) : null;
  }

  async function activate(tx: Tx, policy: PolicyRow, version: number, at: number): Promise<PolicyRow> {
    await tx.insertInto('policy_activations').values({ project_id: policy.project_id, policy_id: policy.policy_id, version, activated_at: at }).execute();
    await tx.updateTable('policies').set({ active_version: version, updated_at: at })
      .where('project_id', '=', policy.project_id).where('policy_id', '=', policy.policy_id).execute();
    return { ...policy, active_version: version, updated_at: at };
  }

  return {
    ...createWebhookDestinationQueries(db, writeDb, write),
    addPolicyVersion(input) {
      return transaction(async (tx) => {
        const inserted = await tx.insertInto('policies').values({
          project_id: input.project_id, policy_id: input.policy_id, name: input.name, description: input.description,
          latest_version: 0, active_version: null, created_at: input.at, updated_at: input.at,
        }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
        // The row lock serialises concurrent publishers of the same name (PostgreSQL; SQLite has one writer).
        let policy = (await lockedPolicy(tx, input.project_id, { name: input.name })) as PolicyRow;
        const version: PolicyVersionRow = {
          project_id: input.project_id, policy_id: policy.policy_id, version: policy.latest_version + 1,
          description: input.description, definition: input.definition, effective_from: input.effective_from, created_at: input.at,
        };
        await tx.insertInto('policy_versions').values({ ...version, definition: jsonText(version.definition) }).execute();
        await tx.updateTable('policies').set({ latest_version: version.version, description: input.description ?? policy.description, updated_at: input.at })
          .where('project_id', '=', input.project_id).where('policy_id', '=', policy.policy_id).execute();
        policy = { ...policy, latest_version: version.version, description: input.description ?? policy.description, updated_at: input.at };
        if (input.activate) policy = await activate(tx, policy, version.version, input.at);
        return { policy, version, created };
      });
    },
    async listPolicies(projectId) {
      const rows = await db.selectFrom('policies').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
      return rows.map(toPolicyRow);
    },
    async findPolicy(projectId, idOrName) {
      const rows = await db.selectFrom('policies').selectAll().where('project_id', '=', projectId)
        .where((eb) => eb.or([eb('policy_id', '=', idOrName), eb('name', '=', idOrName)])).execute();
      const row = rows.find((r) => r.policy_id === idOrName) ?? rows[0];
      return row ? toPolicyRow(row) : null;
    },
    async listPolicyVersions(projectId, policyId) {
      const rows = await db.selectFrom('policy_versions').selectAll().where('project_id', '=', projectId)
        .where('policy_id', '=', policyId).orderBy('version').execute();
      return rows.map(toVersionRow);
    },
    async getPolicyVersions(projectId, keys) {
      if (keys.length === 0) return [];
      const rows = await db.selectFrom('policy_versions').selectAll().where('project_id', '=', projectId)
        .where((eb) => eb.or(keys.map((k) => eb.and([eb('policy_id', '=', k.policy_id), eb('version', '=', k.version)])))).execute();
      return rows.map(toVersionRow);
    },
    activatePolicyVersion(projectId, policyId, version, at) {
      return transaction(async (tx) => {
        const policy = await lockedPolicy(tx, projectId, { policy_id: policyId });
        if (!policy || version < 1 || version > policy.latest_version) return null;
        return activate(tx, policy, version, at);
      });
    },
    async listActivations(projectId, policyId) {
      let q = db.selectFrom('policy_activations as a')
        .innerJoin('policy_versions as v', (j) => j.onRef('v.project_id', '=', 'a.project_id').onRef('v.policy_id', '=', 'a.policy_id').onRef('v.version', '=', 'a.version'))
        .innerJoin('policies as p', (j) => j.onRef('p.project_id', '=', 'a.project_id').onRef('p.policy_id', '=', 'a.policy_id'))
        .select(['a.seq', 'a.policy_id', 'p.name', 'a.version', 'a.activated_at', 'v.effective_from'])
        .where('a.project_id', '=', projectId);
      if (policyId) q = q.where('a.policy_id', '=', policyId);
      const rows = await q.orderBy('a.seq', 'desc').execute();
      return rows.map((r) => ({
        seq: num(r.seq), policy_id: String(r.policy_id), name: String(r.name), version: num(r.version),
        activated_at: num(r.activated_at), effective_from: num(r.effective_from),
      }));
    },

    async findDecisionByKey(projectId, key) {
      const row = await db.selectFrom('trace_decisions').selectAll().where('project_id', '=', projectId).where('idempotency_key', '=', key).executeTakeFirst();
      return row ? toDecisionRow(row) : null;
    },
    async getDecision(projectId, decisionId) {
      const row = await db.selectFrom('trace_decisions').selectAll().where('project_id', '=', projectId).where('decision_id', '=', decisionId).executeTakeFirst();
      return row ? toDecisionRow(row) : null;
    },
    async getCachedResult(projectId, cacheKey) {
      const row = await db.selectFrom('decision_cache').select('result').where('project_id', '=', projectId).where('cache_key', '=', cacheKey).executeTakeFirst();
      return row ? String(row.result) : null;
    },
    async recordDecision(w) {
      const missing = new Error('trace not found');
      return transaction<RecordOutcome>(async (tx) => {
        const d = w.decision;
        const inserted = await tx.insertInto('trace_decisions')
          .values({ ...d, cached: b(d.cached), signals: jsonText(d.signals), policies: jsonText(d.policies) })
          .onConflict((oc) => oc.columns(['project_id', 'idempotency_key']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
          const existing = await tx.selectFrom('trace_decisions').selectAll().where('project_id', '=', d.project_id)
            .where('idempotency_key', '=', d.idempotency_key).executeTakeFirstOrThrow();
          return { outcome: 'duplicate', decision: toDecisionRow(existing) };
        }
        if (w.judgeRuns.length) {
          await tx.insertInto('judge_runs').values(w.judgeRuns.map((r) => ({
            ...r, valid: b(r.valid), cached: b(r.cached), output: r.output == null ? null : jsonText(r.output),
          }))).execute();
        }
        if (w.cache) {
          await tx.insertInto('decision_cache').values({ project_id: d.project_id, cache_key: w.cache.key, result: jsonText(w.cache.result), created_at: d.created_at })
            .onConflict((oc) => oc.doNothing()).execute();
        }
        if (w.case) await tx.insertInto('cases').values(w.case).execute();
        if (w.notifications.length) await tx.insertInto('notifications').values(w.notifications).execute();
        if (w.requireTrace) {
          const trace = await tx.selectFrom('traces').select('trace_id').where('project_id', '=', d.project_id)
            .where('trace_id', '=', d.trace_id).executeTakeFirst();
          if (!trace) throw missing; // rolls everything back
        }
        return { outcome: 'recorded', decision: d };
      }).catch((error: unknown) => {
        if (error === missing) return { outcome: 'trace_not_found' as const };
        throw error;
      });
    },
    async listTraceDecisions(projectId, traceId) {
      const rows = await db.selectFrom('trace_decisions').selectAll().where('project_id', '=', projectId).where('trace_id', '=', traceId)
        .orderBy('created_at').orderBy('decision_id').limit(10_000).execute();
      return rows.map(toDecisionRow);
    },
    async listTraceJudgeRuns(projectId, traceId) {
      const rows = await db.selectFrom('judge_runs').selectAll().where('project_id', '=', projectId).where('trace_id', '=', traceId)
        .orderBy('created_at').orderBy('run_id').limit(10_000).execute();
      return rows.map(toJudgeRunRow);
    },

    async listCases(projectId, query) {
      let base = db.selectFrom('cases').where('project_id', '=', projectId);
      if (query.status) base = base.where('status', '=', query.status);
      if (query.trace_id) base = base.where('trace_id', '=', query.trace_id);
      const [count, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
        base.selectAll().orderBy('created_at', 'desc').orderBy('case_id').limit(query.page_size).offset((query.page - 1) * query.page_size).execute(),
      ]);
      return { rows: rows.map(toCaseRow), total: num(count?.n) };
    },
    async getCase(projectId, caseId) {
      const row = await db.selectFrom('cases').selectAll().where('project_id', '=', projectId).where('case_id', '=', caseId).executeTakeFirst();
      return row ? toCaseRow(row) : null;
    },
    transitionCase(projectId, caseId, from, to, fields) {
      return transaction(async (tx) => {
        const { at, ...rest } = fields;
        const updated = await tx.updateTable('cases').set({ ...rest, status: to, updated_at: at })
          .where('project_id', '=', projectId).where('case_id', '=', caseId).where('status', 'in', from)
          .returningAll().executeTakeFirst();
        if (updated) return { outcome: 'ok' as const, row: toCaseRow(updated) };
        const current = await tx.selectFrom('cases').selectAll().where('project_id', '=', projectId).where('case_id', '=', caseId).executeTakeFirst();
        return current ? { outcome: 'conflict' as const, row: toCaseRow(current) } : { outcome: 'not_found' as const };
      });
    },

    async listNotifications(projectId, query) {
      let base = db.selectFrom('notifications').where('project_id', '=', projectId);
      if (query.status) base = base.where('status', '=', query.status);
      if (query.case_id) base = base.where('case_id', '=', query.case_id);
      const [count, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
        base.selectAll().orderBy('created_at', 'desc').orderBy('notification_id').limit(query.page_size).offset((query.page - 1) * query.page_size).execute(),
      ]);
      return { rows: rows.map(toNotificationRow), total: num(count?.n) };
    },
    async listCaseNotifications(projectId, caseId) {
      const rows = await db.selectFrom('notifications').selectAll().where('project_id', '=', projectId).where('case_id', '=', caseId)
        .orderBy('created_at').orderBy('notification_id').execute();
      return rows.map(toNotificationRow);
    },
    async listNotificationAttempts(notificationIds) {
      if (notificationIds.length === 0) return [];
      const rows = await db.selectFrom('notification_attempts').selectAll().where('notification_id', 'in', notificationIds)
        .orderBy('notification_id').orderBy('attempt').execute();
      return rows.map(toAttemptRow);
    },
    claimDueNotifications(now, limit, leaseUntil) {
      return write(async () => {
        let due = writeDb.selectFrom('notifications').select('notification_id')
          .where('status', 'in', ['pending', 'delivering']).where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit);
        if (features.rowLocks) due = due.forUpdate().skipLocked();
        // The outer conditions are checked again after a row lock wait, so a row is never claimed twice.
        const rows = await writeDb.updateTable('notifications').set({ status: 'delivering', next_attempt_at: leaseUntil, updated_at: now })
          .where('notification_id', 'in', due).where('status', 'in', ['pending', 'delivering']).where('next_attempt_at', '<=', now)
          .returningAll().execute();
        return rows.map(toNotificationRow);
      });
    },
    finishNotificationAttempt(attempt, u) {
      return transaction(async (tx) => {
        await tx.insertInto('notification_attempts').values({ ...attempt, ok: b(attempt.ok) }).execute();
        await tx.updateTable('notifications').set({
          status: u.status, attempt_count: attempt.attempt, next_attempt_at: u.next_attempt_at, last_status_code: u.last_status_code,
          last_error: u.last_error, delivered_at: u.delivered_at, updated_at: u.at,
        }).where('notification_id', '=', attempt.notification_id).execute();
      });
    },
    async nextNotificationDue() {
      const row = await db.selectFrom('notifications').select((eb) => eb.fn.min('next_attempt_at').as('due'))
        .where('status', 'in', ['pending', 'delivering']).executeTakeFirst();
      return numOrNull(row?.due);
    },
  };
}
