/** A/B test queries shared by the SQL backends; writes run in the backend's keyed write transaction. */
import type { AbEvalRow, AbTestRow, AbTestStore, AbTraceRow } from '../ab-test-store.js';
import type { KeyedWrite } from './prompt-queries.js';
import type { Db } from './database.js';
import type { SqlCapabilities } from './sql-capabilities.js';
import { flagOrNull, numOrNull, textOrNull, type RawRow } from './row-values.js';

/** Trace ids per IN list (well under every backend's bound-parameter limit). */
const CHUNK = 500;

const toTest = (r: RawRow): AbTestRow => ({
  project_id: String(r.project_id), test_id: String(r.test_id), name: String(r.name), definition: String(r.definition),
  created_at: Number(r.created_at), updated_at: Number(r.updated_at),
});

const toTrace = (r: RawRow): AbTraceRow => ({
  trace_id: String(r.trace_id), variant: textOrNull(r.variant), session_id: textOrNull(r.session_id), user_id: textOrNull(r.user_id),
  status: String(r.status), latency_ms: numOrNull(r.latency_ms), total_tokens: numOrNull(r.total_tokens), cost: numOrNull(r.cost),
  user_review_passed: flagOrNull(r.user_review_passed), decision_action: textOrNull(r.decision_action),
});

const toEval = (r: RawRow): AbEvalRow => ({
  trace_id: String(r.trace_id), eval_name: String(r.eval_name), score: numOrNull(r.score), passed: flagOrNull(r.passed),
});

/** The A/B test store over `db` (reads) and `write` (the backend's keyed write transaction). */
export function createAbTestQueries(db: Db, write: KeyedWrite, features: SqlCapabilities): AbTestStore {
  return {
    create(row) {
      return write(`ab_tests:${row.project_id}`, async (tx) => {
        const taken = await tx.selectFrom('ab_tests').select('test_id').where('project_id', '=', row.project_id)
          .where((eb) => eb.or([eb('name', '=', row.name), eb('test_id', '=', row.test_id)])).executeTakeFirst();
        if (taken) return 'conflict' as const;
        await tx.insertInto('ab_tests').values(row).execute();
        return 'created' as const;
      });
    },
    async list(projectId) {
      const rows = await db.selectFrom('ab_tests').selectAll().where('project_id', '=', projectId)
        .orderBy('created_at', 'desc').orderBy('test_id').execute();
      return rows.map(toTest);
    },
    async get(projectId, idOrName) {
      const rows = await db.selectFrom('ab_tests').selectAll().where('project_id', '=', projectId)
        .where((eb) => eb.or([eb('test_id', '=', idOrName), eb('name', '=', idOrName)])).execute();
      const row = rows.find((r) => r.test_id === idOrName) ?? rows[0];
      return row ? toTest(row) : null;
    },
    async traces(projectId, testId, window) {
      let q = db.selectFrom('traces as t')
        .select(['t.trace_id', 't.session_id', 't.user_id', 't.status', 't.latency_ms', 't.total_tokens', 't.cost', 't.user_review_passed', 't.decision_action', 't.attributes'])
        .where('t.project_id', '=', projectId)
        .where(features.traceAttributeEquals('ab.test_id', testId));
      if (window.from !== undefined) q = q.where('t.start_time', '>=', window.from);
      if (window.to !== undefined) q = q.where('t.start_time', '<', window.to);
      const rows = await q.orderBy('t.start_time', 'desc').orderBy('t.trace_id', 'desc').limit(window.limit + 1).execute();
      const truncated = rows.length > window.limit;
      return {
        truncated,
        rows: rows.slice(0, window.limit).map((r) => {
          const attributes = typeof r.attributes === 'string' ? (JSON.parse(r.attributes) as Record<string, unknown>) : ((r.attributes ?? {}) as Record<string, unknown>);
          const variant = attributes['ab.variant'];
          return toTrace({ ...r, variant: typeof variant === 'string' ? variant : null });
        }),
      };
    },
    async evals(projectId, traceIds, limit) {
      const out: AbEvalRow[] = [];
      for (let i = 0; i < traceIds.length && out.length < limit; i += CHUNK) {
        const rows = await db.selectFrom('evaluations').select(['trace_id', 'eval_name', 'score', 'passed'])
          .where('project_id', '=', projectId).where('trace_id', 'in', traceIds.slice(i, i + CHUNK))
          .limit(limit - out.length).execute();
        out.push(...rows.map(toEval));
      }
      return out;
    },
  };
}
