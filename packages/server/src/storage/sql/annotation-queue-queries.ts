/** Annotation queue queries shared by the SQLite and PostgreSQL backends. */
import type {
  AnnotationItemRow, AnnotationQueueCounts, AnnotationQueueRow, AnnotationQueueStore, FinishReviewOutcome,
} from '../annotation-queue-store.js';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from './database.js';
import type { SqlCapabilities } from './sql-capabilities.js';
import type { WriteTransaction } from './write-transaction.js';
import { num, numOrNull, textOrNull, type RawRow } from './row-values.js';

const toQueue = (r: RawRow): AnnotationQueueRow => ({
  project_id: String(r.project_id), queue_id: String(r.queue_id), name: String(r.name), description: textOrNull(r.description),
  score_definitions: String(r.score_definitions), reviews_per_item: num(r.reviews_per_item), created_by: String(r.created_by),
  created_at: num(r.created_at), updated_at: num(r.updated_at),
});

const toItem = (r: RawRow): AnnotationItemRow => ({
  project_id: String(r.project_id), queue_id: String(r.queue_id), item_id: String(r.item_id), trace_id: String(r.trace_id),
  span_id: String(r.span_id), source: String(r.source), source_ref: textOrNull(r.source_ref), reviews_done: num(r.reviews_done),
  locked_by: textOrNull(r.locked_by), lock_until: numOrNull(r.lock_until), created_at: num(r.created_at), updated_at: num(r.updated_at),
});

/** The annotation queue store: reads on `db`, every write in `transaction` (the backend's write transaction). */
export function createAnnotationQueueQueries(db: Db, transaction: WriteTransaction, caps: SqlCapabilities): AnnotationQueueStore {
  /** Whether `reviewer` may finish a review of the item now, read inside `tx`. */
  async function state(tx: Db, projectId: string, queueId: string, itemId: string, reviewer: string, now: number): Promise<FinishReviewOutcome> {
    const item = await tx.selectFrom('annotation_items').select(['locked_by', 'lock_until'])
      .where('project_id', '=', projectId).where('queue_id', '=', queueId).where('item_id', '=', itemId).executeTakeFirst();
    if (!item) return 'missing';
    if (item.locked_by !== null && item.locked_by !== reviewer && num(item.lock_until) >= now) return 'locked';
    const reviewed = await tx.selectFrom('annotation_reviews').select('status')
      .where('project_id', '=', projectId).where('queue_id', '=', queueId).where('item_id', '=', itemId).where('reviewer', '=', reviewer)
      .executeTakeFirst();
    return reviewed ? 'duplicate' : 'ok';
  }

  return {
    createQueue(row) {
      return transaction(async (tx) => {
        const inserted = await tx.insertInto('annotation_queues').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? 'created' : 'conflict';
      });
    },
    async listQueues(projectId) {
      const rows = await db.selectFrom('annotation_queues').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
      return rows.map(toQueue);
    },
    async getQueue(projectId, queueId) {
      const row = await db.selectFrom('annotation_queues').selectAll().where('project_id', '=', projectId).where('queue_id', '=', queueId).executeTakeFirst();
      return row ? toQueue(row) : null;
    },
    deleteQueue(projectId, queueId) {
      return transaction(async (tx) => {
        await tx.deleteFrom('annotation_reviews').where('project_id', '=', projectId).where('queue_id', '=', queueId).execute();
        await tx.deleteFrom('annotation_items').where('project_id', '=', projectId).where('queue_id', '=', queueId).execute();
        const result = await tx.deleteFrom('annotation_queues').where('project_id', '=', projectId).where('queue_id', '=', queueId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
    async addItems(rows) {
      if (!rows.length) return 0;
      return transaction(async (tx) => {
        const result = await tx.insertInto('annotation_items').values(rows)
          .onConflict((oc) => oc.columns(['project_id', 'queue_id', 'trace_id', 'span_id']).doNothing()).executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0);
      });
    },
    async listItems(projectId, queueId, limit, offset) {
      const rows = await db.selectFrom('annotation_items').selectAll().where('project_id', '=', projectId).where('queue_id', '=', queueId)
        .orderBy('created_at').orderBy('item_id').limit(limit).offset(offset).execute();
      return rows.map(toItem);
    },
    async getItem(projectId, queueId, itemId) {
      const row = await db.selectFrom('annotation_items').selectAll()
        .where('project_id', '=', projectId).where('queue_id', '=', queueId).where('item_id', '=', itemId).executeTakeFirst();
      return row ? toItem(row) : null;
    },
    claimNext(projectId, queueId, reviewer, reviewsPerItem, now, lockUntil) {
      return transaction(async (tx) => {
        const open = (eb: ExpressionBuilder<Database & { i: Database['annotation_items'] }, 'i'>) => eb.or([
          eb('i.locked_by', 'is', null), eb('i.locked_by', '=', reviewer), eb('i.lock_until', '<', now),
        ]);
        let pick = tx.selectFrom('annotation_items as i').select('i.item_id')
          .where('i.project_id', '=', projectId).where('i.queue_id', '=', queueId)
          .where('i.reviews_done', '<', reviewsPerItem)
          .where(({ not, exists, selectFrom }) => not(exists(
            selectFrom('annotation_reviews as r').select('r.item_id')
              .whereRef('r.project_id', '=', 'i.project_id').whereRef('r.queue_id', '=', 'i.queue_id').whereRef('r.item_id', '=', 'i.item_id')
              .where('r.reviewer', '=', reviewer),
          )));
        pick = pick.where((eb) => open(eb));
        // The item this reviewer already holds first (a reload shows the same item), then the oldest.
        let query = pick.orderBy((eb) => eb.case().when('i.locked_by', '=', reviewer).then(0).else(1).end())
          .orderBy('i.created_at').orderBy('i.item_id').limit(1);
        if (caps.rowLocks) query = query.forUpdate().skipLocked();
        const found = await query.executeTakeFirst();
        if (!found) return null;
        const row = await tx.updateTable('annotation_items as i').set({ locked_by: reviewer, lock_until: lockUntil, updated_at: now })
          .where('i.project_id', '=', projectId).where('i.queue_id', '=', queueId).where('i.item_id', '=', found.item_id)
          // Re-checked on the row itself (PostgreSQL re-reads a row another claim changed meanwhile).
          .where((eb) => open(eb))
          .returningAll().executeTakeFirst();
        return row ? toItem(row) : null;
      });
    },
    finishReview(review, now) {
      return transaction(async (tx) => {
        const outcome = await state(tx, review.project_id, review.queue_id, review.item_id, review.reviewer, now);
        if (outcome !== 'ok') return outcome;
        // A concurrent second submit by the same reviewer inserts nothing (and counts nothing).
        const inserted = await tx.insertInto('annotation_reviews').values(review).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return 'duplicate' as const;
        await tx.updateTable('annotation_items')
          .set((eb) => ({
            locked_by: null, lock_until: null, updated_at: now,
            reviews_done: review.status === 'done' ? eb('reviews_done', '+', 1) : eb.ref('reviews_done'),
          }))
          .where('project_id', '=', review.project_id).where('queue_id', '=', review.queue_id).where('item_id', '=', review.item_id)
          .execute();
        return 'ok' as const;
      });
    },
    reviewState(projectId, queueId, itemId, reviewer, now) {
      return state(db, projectId, queueId, itemId, reviewer, now);
    },
    async counts(projectId, reviewsPerItem) {
      const out = new Map<string, AnnotationQueueCounts>();
      const entry = (queueId: string) => {
        let counts = out.get(queueId);
        if (!counts) out.set(queueId, (counts = { items: 0, completed: 0, reviewers: [] }));
        return counts;
      };
      const items = await db.selectFrom('annotation_items').select(['queue_id', 'reviews_done'])
        .select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', projectId).groupBy(['queue_id', 'reviews_done']).execute();
      for (const row of items) {
        const counts = entry(String(row.queue_id));
        counts.items += num(row.n);
        if (num(row.reviews_done) >= (reviewsPerItem.get(String(row.queue_id)) ?? 1)) counts.completed += num(row.n);
      }
      const reviews = await db.selectFrom('annotation_reviews').select(['queue_id', 'reviewer', 'status'])
        .select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', projectId)
        .groupBy(['queue_id', 'reviewer', 'status']).orderBy('reviewer').execute();
      for (const row of reviews) {
        const counts = entry(String(row.queue_id));
        let reviewer = counts.reviewers.find((r) => r.reviewer === row.reviewer);
        if (!reviewer) counts.reviewers.push((reviewer = { reviewer: String(row.reviewer), done: 0, skipped: 0 }));
        if (row.status === 'done') reviewer.done += num(row.n);
        else reviewer.skipped += num(row.n);
      }
      return out;
    },
  };
}
