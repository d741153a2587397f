/**
 * End-user feedback (docs/ab-tests.md#user-feedback): a thumbs up/down or a score on one answer,
 * recorded as an evaluation with source `user` and, in the same transaction, as the trace's
 * `user_review_passed` (the review pass rate of A/B test results reads it).
 */
import { ingestTracesBodySchema, type EvalInput, type FeedbackBody } from '@tracehub/core';
import { NotFoundError } from '../domain-errors.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { TraceReadStore } from '../storage/store.js';

/** A score counts as a pass from this value on. */
export const FEEDBACK_PASS_SCORE = 0.5;

export function createFeedbackService(ingest: IngestService, traces: Pick<TraceReadStore, 'getTrace'>) {
  /**
   * Writes evaluations of one trace and, when `reviewPassed` is given, the trace's
   * `user_review_passed`, in one ingest batch (annotation queues record human scores through it).
   */
  async function recordScores(projectId: string, traceId: string, evals: EvalInput[], reviewPassed: boolean | undefined) {
    const result = await ingest.ingestTraceBatch(projectId, {
      traces: reviewPassed === undefined ? [] : [ingestTracesBodySchema.parse({ trace: { trace_id: traceId, user_review_passed: reviewPassed } })],
      evals,
    });
    return result.evals;
  }

  return {
    /** Records the feedback; 404 when the project has no such trace (feedback never creates one). */
    async record(projectId: string, body: FeedbackBody): Promise<{ trace_id: string; passed: boolean; duplicate: boolean }> {
      if (!(await traces.getTrace(projectId, body.trace_id))) throw new NotFoundError(`Trace "${body.trace_id}" does not exist in this project.`);
      const score = body.score ?? (body.rating === 'up' ? 1 : 0);
      const passed = score >= FEEDBACK_PASS_SCORE;
      const evals = await recordScores(projectId, body.trace_id, [{
        trace_id: body.trace_id, eval_name: body.name, score, passed, source: 'user', user_review_passed: passed,
        label: body.rating, comment: body.comment, idempotency_key: body.idempotency_key,
      }], passed);
      if (evals && evals.rejected > 0) throw new NotFoundError(`Trace "${body.trace_id}" does not exist in this project.`);
      return { trace_id: body.trace_id, passed, duplicate: (evals?.duplicates ?? 0) > 0 };
    },
    recordScores,
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
