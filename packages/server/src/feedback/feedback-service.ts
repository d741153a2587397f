/**
 * End-user feedback (docs/ab-tests.md#user-feedback): a thumbs up/down or a score on one answer,
 * recorded as an evaluation with source `user` and, in the same transaction, as the trace's
 * `user_review_passed` (the review pass rate of A/B test results reads it).
 */
import { ingestTracesBodySchema, type FeedbackBody } from '@tracehub/core';
import { NotFoundError } from '../domain-errors.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { TraceReadStore } from '../storage/store.js';

/** A score counts as a pass from this value on. */
export const FEEDBACK_PASS_SCORE = 0.5;

export function createFeedbackService(ingest: IngestService, traces: Pick<TraceReadStore, 'getTrace'>) {
  return {
    /** Records the feedback; 404 when the project has no such trace (feedback never creates one). */
    async record(projectId: string, body: FeedbackBody): Promise<{ trace_id: string; passed: boolean; duplicate: boolean }> {
      if (!(await traces.getTrace(projectId, body.trace_id))) throw new NotFoundError(`Trace "${body.trace_id}" does not exist in this project.`);
      const score = body.score ?? (body.rating === 'up' ? 1 : 0);
      const passed = score >= FEEDBACK_PASS_SCORE;
      const result = await ingest.ingestTraceBatch(projectId, {
        traces: [ingestTracesBodySchema.parse({ trace: { trace_id: body.trace_id, user_review_passed: passed } })],
        evals: [{
          trace_id: body.trace_id, eval_name: body.name, score, passed, source: 'user', user_review_passed: passed,
          label: body.rating, comment: body.comment, idempotency_key: body.idempotency_key,
        }],
      });
      const evals = result.evals;
      if (evals && evals.rejected > 0) throw new NotFoundError(`Trace "${body.trace_id}" does not exist in this project.`);
      return { trace_id: body.trace_id, passed, duplicate: (evals?.duplicates ?? 0) > 0 };
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
