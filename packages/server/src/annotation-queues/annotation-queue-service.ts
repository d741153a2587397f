/**
 * Annotation queues (docs/annotation-queues.md): traces or spans queued for human review, handed
 * out one at a time with a lock, scored against the queue's score definitions. Scores become
 * evaluations with source `human` (eval_name = the definition's name) through the feedback
 * service, which can also set the trace's `user_review_passed`; a reviewed item becomes a dataset
 * item with its corrected expected output through the dataset service.
 */
import { randomUUID } from 'node:crypto';
import { JUDGE_SOURCES, microsToIso, type EvalInput, type TraceListQuery } from '@tracehub/core';
import { ConflictError, InvalidError, NotFoundError } from '../domain-errors.js';
import type { AnnotationItemRow, AnnotationQueueCounts, AnnotationQueueRow, AnnotationQueueStore } from '../storage/annotation-queue-store.js';
import type { TraceQueryService } from '../traces/trace-query-service.js';
import type { FeedbackService } from '../feedback/feedback-service.js';
import type { DatasetService } from '../datasets/dataset-service.js';
import { parseWith } from '../parse-input.js';
import {
  itemFilterSchema, type AddItemsBody, type AnnotationQueueBody, type ItemScoresBody, type ItemToDatasetBody, type ScoreDefinition,
} from './queue-schema.js';

/** How long an item stays locked to the reviewer who opened it. */
export const ANNOTATION_LOCK_MICROS = 10 * 60 * 1_000_000;
/** Items listed with a queue. */
const ITEM_PAGE = 500;

const NO_COUNTS: AnnotationQueueCounts = { items: 0, completed: 0, reviewers: [] };

function queueView(row: AnnotationQueueRow, counts: AnnotationQueueCounts = NO_COUNTS) {
  return {
    id: row.queue_id, name: row.name, description: row.description,
    score_definitions: JSON.parse(row.score_definitions) as ScoreDefinition[], reviews_per_item: row.reviews_per_item,
    created_by: row.created_by, created_at: microsToIso(row.created_at), updated_at: microsToIso(row.updated_at),
    items: counts.items, completed: counts.completed, reviewers: counts.reviewers,
  };
}

function itemView(row: AnnotationItemRow, reviewsPerItem: number, now: number) {
  const locked = row.locked_by !== null && row.lock_until !== null && row.lock_until >= now;
  return {
    id: row.item_id, trace_id: row.trace_id, span_id: row.span_id || null, source: row.source, source_ref: row.source_ref,
    reviews_done: row.reviews_done, status: row.reviews_done >= reviewsPerItem ? 'completed' : 'pending',
    locked_by: locked ? row.locked_by : null, lock_until: locked ? microsToIso(row.lock_until as number) : null,
    created_at: microsToIso(row.created_at),
  };
}

/** The evaluation one score value makes, checked against its definition. */
function scoreEval(def: ScoreDefinition | undefined, name: string, value: number | boolean | string): Pick<EvalInput, 'score' | 'passed' | 'label' | 'comment'> {
  if (!def) throw new InvalidError(`scores.${name}: the queue has no score definition named "${name}".`);
  const bad = (expected: string) => new InvalidError(`scores.${name}: expected ${expected}, got ${JSON.stringify(value)}.`);
  switch (def.type) {
    case 'numeric':
      if (typeof value !== 'number' || value < def.min || value > def.max) throw bad(`a number from ${def.min} to ${def.max}`);
      return { score: value };
    case 'categorical':
      if (typeof value !== 'string' || !def.labels.includes(value)) throw bad(`one of ${def.labels.map((l) => JSON.stringify(l)).join(', ')}`);
      return { label: value };
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('true or false');
      return { passed: value, score: value ? 1 : 0 };
    case 'text': {
      if (typeof value !== 'string' || value.trim() === '' || value.includes('\u0000')) throw bad('non-empty text');
      return { label: value.slice(0, 256), comment: value };
    }
  }
}

export interface AnnotationQueueServiceDeps {
  store: AnnotationQueueStore;
  traces: TraceQueryService;
  feedback: FeedbackService;
  datasets: DatasetService;
  now: () => number;
}

export function createAnnotationQueueService({ store, traces, feedback, datasets, now }: AnnotationQueueServiceDeps) {
  async function requireQueue(projectId: string, queueId: string): Promise<AnnotationQueueRow> {
    const queue = await store.getQueue(projectId, queueId);
    if (!queue) throw new NotFoundError(`Annotation queue "${queueId}" was not found in this project.`);
    return queue;
  }

  async function requireItem(projectId: string, queue: AnnotationQueueRow, itemId: string): Promise<AnnotationItemRow> {
    const item = await store.getItem(projectId, queue.queue_id, itemId);
    if (!item) throw new NotFoundError(`Item "${itemId}" is not in annotation queue "${queue.name}".`);
    return item;
  }

  /** Trace ids of the trace list under `filter`, newest first, at most `limit`. */
  async function filteredTraceIds(projectId: string, filter: Record<string, unknown>, limit: number): Promise<string[]> {
    const { page: _page, page_size: _size, ...rest } = filter;
    const query: TraceListQuery = parseWith(itemFilterSchema, { ...rest, page_size: 200 });
    const ids: string[] = [];
    for (let page = 1; ids.length < limit; page++) {
      const answer = await traces.list(projectId, { ...query, page });
      ids.push(...answer.items.map((t) => t.trace_id));
      if (answer.items.length < query.page_size) break;
    }
    return ids.slice(0, limit);
  }

  /** Refuses items whose trace (or span) the project does not have. */
  async function checkExist(projectId: string, items: { trace_id: string; span_id?: string }[]): Promise<void> {
    const found = await traces.tracesById(projectId, items.map((i) => i.trace_id));
    const missing = [...new Set(items.map((i) => i.trace_id).filter((id) => !found.has(id)))];
    if (missing.length) {
      throw new NotFoundError(`${missing.length === 1 ? 'Trace' : 'Traces'} ${missing.slice(0, 10).map((id) => `"${id}"`).join(', ')}${missing.length > 10 ? ', …' : ''} not found in this project.`);
    }
    for (const traceId of new Set(items.filter((i) => i.span_id).map((i) => i.trace_id))) {
      const spans = new Set((await traces.parts(projectId, traceId))?.spans.map((s) => s.span_id));
      const absent = items.find((i) => i.trace_id === traceId && i.span_id && !spans.has(i.span_id));
      if (absent) throw new NotFoundError(`Span "${absent.span_id}" was not found in trace "${traceId}".`);
    }
  }

  return {
    async create(projectId: string, body: AnnotationQueueBody, createdBy: string) {
      const at = now();
      const row: AnnotationQueueRow = {
        project_id: projectId, queue_id: randomUUID(), name: body.name, description: body.description ?? null,
        score_definitions: JSON.stringify(body.score_definitions), reviews_per_item: body.reviews_per_item, created_by: createdBy,
        created_at: at, updated_at: at,
      };
      if ((await store.createQueue(row)) === 'conflict') throw new ConflictError(`An annotation queue named "${body.name}" exists already.`);
      return queueView(row);
    },

    /** The project's queues with their item counts and per-reviewer progress. */
    async list(projectId: string) {
      const rows = await store.listQueues(projectId);
      const counts = await store.counts(projectId, new Map(rows.map((r) => [r.queue_id, r.reviews_per_item])));
      return { queues: rows.map((r) => queueView(r, counts.get(r.queue_id))) };
    },

    /** One queue with its counts, progress and (the first 500) items. */
    async get(projectId: string, queueId: string) {
      const queue = await requireQueue(projectId, queueId);
      const counts = await store.counts(projectId, new Map([[queue.queue_id, queue.reviews_per_item]]));
      const items = await store.listItems(projectId, queueId, ITEM_PAGE, 0);
      const at = now();
      return { ...queueView(queue, counts.get(queueId)), item_list: items.map((i) => itemView(i, queue.reviews_per_item, at)) };
    },

    async remove(projectId: string, queueId: string) {
      if (!(await store.deleteQueue(projectId, queueId))) throw new NotFoundError(`Annotation queue "${queueId}" was not found in this project.`);
      return { deleted: true };
    },

    /** Queues traces (or spans); ones already queued are counted, not added twice. */
    async addItems(projectId: string, queueId: string, body: AddItemsBody) {
      await requireQueue(projectId, queueId);
      const wanted = body.items ?? (body.trace_ids ?? (await filteredTraceIds(projectId, body.filter ?? {}, body.limit))).map((trace_id) => ({ trace_id }));
      const items: { trace_id: string; span_id?: string; source_ref?: string }[] = wanted;
      await checkExist(projectId, items);
      const at = now();
      const source = body.source ?? (body.filter ? 'filter' : 'manual');
      const rows: AnnotationItemRow[] = items.map((i, index) => ({
        project_id: projectId, queue_id: queueId, item_id: randomUUID(), trace_id: i.trace_id, span_id: i.span_id ?? '',
        source, source_ref: i.source_ref ?? body.source_ref ?? null, reviews_done: 0, locked_by: null, lock_until: null,
        // Distinct times keep the order items were sent in.
        created_at: at + index, updated_at: at + index,
      }));
      const added = await store.addItems(rows);
      return { added, already_queued: rows.length - added, requested: rows.length };
    },

    /**
     * Locks the reviewer's next item and answers it with what a reviewer needs: the trace's input
     * and output, its spans as context, and the scores it has (the judge's with their reasoning).
     * `item: null` when the reviewer has nothing left in this queue.
     */
    async next(projectId: string, queueId: string, reviewer: string) {
      const queue = await requireQueue(projectId, queueId);
      const at = now();
      const item = await store.claimNext(projectId, queueId, reviewer, queue.reviews_per_item, at, at + ANNOTATION_LOCK_MICROS);
      const counts = (await store.counts(projectId, new Map([[queue.queue_id, queue.reviews_per_item]]))).get(queueId);
      const progress = { items: counts?.items ?? 0, completed: counts?.completed ?? 0, reviewer: counts?.reviewers.find((r) => r.reviewer === reviewer) ?? { reviewer, done: 0, skipped: 0 } };
      if (!item) return { item: null, progress };
      const parts = await traces.parts(projectId, item.trace_id);
      const span = item.span_id ? (parts?.spans.find((s) => s.span_id === item.span_id) ?? null) : null;
      const evals = (parts?.evals ?? []).filter((e) => !item.span_id || e.span_id === null || e.span_id === item.span_id);
      return {
        item: itemView(item, queue.reviews_per_item, at), progress,
        trace: parts?.trace ?? null, span, context: (parts?.spans ?? []).slice(0, 100),
        scores: evals, judge_scores: evals.filter((e) => (JUDGE_SOURCES as readonly string[]).includes(e.source)),
      };
    },

    /**
     * Stores the reviewer's scores as evaluations with source `human` on the item's trace (and
     * span), optionally the trace's `user_review_passed`, and marks the review done.
     */
    async score(projectId: string, queueId: string, itemId: string, reviewer: string, body: ItemScoresBody) {
      const queue = await requireQueue(projectId, queueId);
      const item = await requireItem(projectId, queue, itemId);
      const state = await store.reviewState(projectId, queueId, itemId, reviewer, now());
      if (state === 'locked') throw new ConflictError(`Item "${itemId}" is open by another reviewer; take the next one.`);
      if (state === 'duplicate') throw new ConflictError(`You have already reviewed or skipped item "${itemId}".`);
      const definitions = new Map((JSON.parse(queue.score_definitions) as ScoreDefinition[]).map((d) => [d.name, d]));
      const evals: EvalInput[] = Object.entries(body.scores).map(([name, value]) => {
        const def = definitions.get(name);
        const parts = scoreEval(def, name, value);
        return {
          trace_id: item.trace_id, span_id: item.span_id || null, eval_name: name, source: 'human', ...parts,
          comment: parts.comment ?? body.comment, user_review_passed: body.user_review_passed ?? null,
          metadata: { annotation_queue_id: queue.queue_id, annotation_queue: queue.name, annotation_item_id: item.item_id, reviewer, score_type: def?.type },
          idempotency_key: `annotation:${item.item_id}:${reviewer}:${name}`.slice(0, 256),
        };
      });
      const result = await feedback.recordScores(projectId, item.trace_id, evals, body.user_review_passed);
      if (result && result.rejected > 0) throw new NotFoundError(`Trace "${item.trace_id}" no longer exists in this project.`);
      const outcome = await store.finishReview({ project_id: projectId, queue_id: queueId, item_id: itemId, reviewer, status: 'done', created_at: now() }, now());
      if (outcome === 'locked') throw new ConflictError(`Item "${itemId}" is open by another reviewer; take the next one.`);
      return { item_id: itemId, trace_id: item.trace_id, scores: evals.length, user_review_passed: body.user_review_passed ?? null };
    },

    /** Passes over an item: the reviewer is not shown it again; it stays for the others. */
    async skip(projectId: string, queueId: string, itemId: string, reviewer: string) {
      const queue = await requireQueue(projectId, queueId);
      await requireItem(projectId, queue, itemId);
      const at = now();
      const outcome = await store.finishReview({ project_id: projectId, queue_id: queueId, item_id: itemId, reviewer, status: 'skipped', created_at: at }, at);
      if (outcome === 'locked') throw new ConflictError(`Item "${itemId}" is open by another reviewer.`);
      if (outcome === 'duplicate') throw new ConflictError(`You have already reviewed or skipped item "${itemId}".`);
      return { item_id: itemId, skipped: true };
    },

    /** Makes the item's trace (or span) a dataset item whose expected output is the corrected one. */
    async toDataset(projectId: string, queueId: string, itemId: string, body: ItemToDatasetBody) {
      const queue = await requireQueue(projectId, queueId);
      const item = await requireItem(projectId, queue, itemId);
      if (body.expected_output === undefined) throw new InvalidError('expected_output: give the corrected expected output.');
      return datasets.addFromTrace(projectId, body.dataset, {
        trace_id: item.trace_id, span_id: item.span_id || undefined, id: body.id, expected_output: body.expected_output,
        metadata: { annotation_queue: queue.name, annotation_item_id: item.item_id },
      });
    },
  };
}

export type AnnotationQueueService = ReturnType<typeof createAnnotationQueueService>;
