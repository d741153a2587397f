/**
 * The candidates of the top miss-queries list (miss-queries/miss-query-service.ts): traces that
 * started in a window and went wrong — status `error`, a latest decision BLOCK or ESCALATE, a
 * negative user review on the trace, or a failing score (passed = false, or a `user` score at or
 * below 0 without a pass flag) — newest first, with their input text cut to a prefix, and the
 * failing scores of those traces. Written once for both SQL backends.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Db } from './database.js';
import type { SqlCapabilities } from './sql-capabilities.js';
import type { MissQueryCandidate, MissQueryFilter } from '../store.js';

/** Longest input prefix a candidate carries (the grouping reads no more). */
export const MISS_QUERY_TEXT_LIMIT = 1000;
const EVAL_CHUNK = 500;
/** Failing scores named per candidate trace at most. */
const EVALS_PER_TRACE = 20;

/** Shared miss-query reads over `db`. */
export function createMissQueryQueries(db: Db, features: SqlCapabilities) {
  const failing = (eb: ExpressionBuilder<Database, 'evaluations'>) =>
    eb.or([
      eb('evaluations.passed', '=', features.bool(false)),
      eb.and([eb('evaluations.source', '=', 'user'), eb('evaluations.passed', 'is', null), eb('evaluations.score', '<=', 0)]),
    ]);
  return {
    async missQueryCandidates(projectId: string, filter: MissQueryFilter): Promise<MissQueryCandidate[]> {
      let query = db
        .selectFrom('traces as t')
        .where('t.project_id', '=', projectId)
        .where('t.start_time', '>=', filter.from)
        .where('t.start_time', '<', filter.to)
        .where((eb) =>
          eb.or([
            eb('t.status', '=', 'error'),
            eb('t.decision_action', 'in', ['BLOCK', 'ESCALATE']),
            eb('t.user_review_passed', '=', features.bool(false)),
            // Per trace of the window, through the (project_id, trace_id) index of evaluations.
            eb.exists(
              eb.selectFrom('evaluations').select(sql.lit(1).as('one')).whereRef('evaluations.project_id', '=', 't.project_id').whereRef('evaluations.trace_id', '=', 't.trace_id').where(failing),
            ),
          ]),
        );
      if (filter.excludeEnvironment !== undefined) {
        const excluded = filter.excludeEnvironment;
        query = query.where((eb) => eb.or([eb('t.environment', 'is', null), eb('t.environment', '<>', excluded)]));
      }
      const rows = await query
        .select([
          't.trace_id', 't.name', 't.start_time', 't.status', 't.decision_action', 't.user_review_passed',
          sql<string | null>`substr(t.input_text, 1, ${MISS_QUERY_TEXT_LIMIT})`.as('input_text'),
        ])
        .orderBy('t.start_time', 'desc')
        .orderBy('t.trace_id', 'desc')
        .limit(filter.limit)
        .execute();
      const evals = new Map<string, { eval_name: string; source: string }[]>();
      for (let i = 0; i < rows.length; i += EVAL_CHUNK) {
        const ids = rows.slice(i, i + EVAL_CHUNK).map((r) => r.trace_id);
        const found = await db
          .selectFrom('evaluations')
          .where('evaluations.project_id', '=', projectId)
          .where('evaluations.trace_id', 'in', ids)
          .where(failing)
          .select(['evaluations.trace_id', 'evaluations.eval_name', 'evaluations.source'])
          .orderBy('evaluations.eval_time', 'desc')
          .execute();
        for (const e of found) {
          const list = evals.get(e.trace_id) ?? [];
          if (list.length < EVALS_PER_TRACE) list.push({ eval_name: e.eval_name, source: e.source });
          evals.set(e.trace_id, list);
        }
      }
      return rows.map((r) => ({
        trace_id: r.trace_id,
        name: r.name ?? null,
        start_time: Number(r.start_time),
        status: String(r.status),
        decision_action: r.decision_action ?? null,
        user_review_passed: r.user_review_passed === null || r.user_review_passed === undefined ? null : Boolean(r.user_review_passed),
        input_text: r.input_text ?? null,
        failed_evals: evals.get(r.trace_id) ?? [],
      }));
    },
  };
}
