/**
 * Storage of annotation queues (docs/annotation-queues.md): queues with their score definitions,
 * the traces (or spans) queued for human review, a lock per item while a reviewer has it open
 * (with an expiry, so an abandoned item comes back), and one review row per (item, reviewer) from
 * which the per-reviewer progress is counted. The human scores themselves are evaluations (source
 * `human`), written through the ingest service, not here.
 */

/** A queue as stored; `score_definitions` is JSON text. */
export interface AnnotationQueueRow {
  project_id: string;
  queue_id: string;
  name: string;
  description: string | null;
  score_definitions: string;
  /** How many different reviewers review each item before it counts as done. */
  reviews_per_item: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** Where a queued item came from. */
export const ANNOTATION_ITEM_SOURCES = ['manual', 'filter', 'miss-query', 'failed-eval', 'experiment-item'] as const;
export type AnnotationItemSource = (typeof ANNOTATION_ITEM_SOURCES)[number];

/** One queued trace or span. `span_id` is '' for a whole trace. */
export interface AnnotationItemRow {
  project_id: string;
  queue_id: string;
  item_id: string;
  trace_id: string;
  span_id: string;
  source: string;
  /** What the source points at (a miss-query group, an eval id, an experiment run item), or null. */
  source_ref: string | null;
  /** Reviews completed (skips not counted). */
  reviews_done: number;
  /** The reviewer holding the item open, until `lock_until`. */
  locked_by: string | null;
  lock_until: number | null;
  created_at: number;
  updated_at: number;
}

/** done: the reviewer scored the item; skipped: passed over it (not shown to them again). */
export type AnnotationReviewStatus = 'done' | 'skipped';

/** One reviewer's pass over one item. */
export interface AnnotationReviewRow {
  project_id: string;
  queue_id: string;
  item_id: string;
  reviewer: string;
  status: AnnotationReviewStatus;
  created_at: number;
}

/** A queue's figures. */
export interface AnnotationQueueCounts {
  items: number;
  /** Items with as many reviews as the queue needs. */
  completed: number;
  reviewers: { reviewer: string; done: number; skipped: number }[];
}

/** The outcome of finishing a review. */
export type FinishReviewOutcome = 'ok' | 'missing' | 'locked' | 'duplicate';

/** Storage of annotation queues, their items, locks and reviews. */
export interface AnnotationQueueStore {
  /** Conflict when the project already has a queue of that name. */
  createQueue(row: AnnotationQueueRow): Promise<'created' | 'conflict'>;
  listQueues(projectId: string): Promise<AnnotationQueueRow[]>;
  getQueue(projectId: string, queueId: string): Promise<AnnotationQueueRow | null>;
  /** Removes a queue with its items and reviews (the scores written stay on the traces). */
  deleteQueue(projectId: string, queueId: string): Promise<boolean>;
  /** Adds items; one already queued (same queue, trace and span) is left as it is. Answers how many were new. */
  addItems(rows: AnnotationItemRow[]): Promise<number>;
  /** Items of a queue, oldest first. */
  listItems(projectId: string, queueId: string, limit: number, offset: number): Promise<AnnotationItemRow[]>;
  getItem(projectId: string, queueId: string, itemId: string): Promise<AnnotationItemRow | null>;
  /**
   * Locks and answers the next item for `reviewer` until `lockUntil`: the one the reviewer already
   * holds, else the oldest that still needs reviews, that the reviewer has not reviewed or skipped,
   * and that nobody else holds (or whose lock expired). Null when there is none.
   */
  claimNext(projectId: string, queueId: string, reviewer: string, reviewsPerItem: number, now: number, lockUntil: number): Promise<AnnotationItemRow | null>;
  /**
   * Records the reviewer's review (or skip) and releases the lock, all or nothing: `locked` when
   * someone else holds the item, `duplicate` when this reviewer already reviewed it.
   */
  finishReview(review: AnnotationReviewRow, now: number): Promise<FinishReviewOutcome>;
  /** Whether `reviewer` may review the item now (exists, not held by another reviewer, not reviewed by them yet). */
  reviewState(projectId: string, queueId: string, itemId: string, reviewer: string, now: number): Promise<FinishReviewOutcome>;
  /** Item counts and per-reviewer progress of each of the project's queues, by queue id. */
  counts(projectId: string, reviewsPerItem: Map<string, number>): Promise<Map<string, AnnotationQueueCounts>>;
}
