/**
 * The storage contract of annotation queues: behaviour every backend must show through the
 * AnnotationQueueStore seam (queues unique by name, items unique per trace and span, a lock per
 * item that expires, one review per reviewer and item, several reviewers per item, progress).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { AnnotationItemRow, AnnotationQueueRow } from '../annotation-queue-store.js';

const T0 = Date.parse('2026-03-01T00:00:00Z') * 1000;
const MINUTE = 60_000_000;

const queue = (id: string, name: string, reviews = 1): AnnotationQueueRow => ({
  project_id: 'p1', queue_id: id, name, description: null, score_definitions: '[{"name":"ok","type":"boolean"}]',
  reviews_per_item: reviews, created_by: 'alice', created_at: T0, updated_at: T0,
});

const item = (queueId: string, n: number, spanId = ''): AnnotationItemRow => ({
  project_id: 'p1', queue_id: queueId, item_id: `${queueId}-i${n}${spanId}`, trace_id: `t${n}`, span_id: spanId, source: 'manual',
  source_ref: null, reviews_done: 0, locked_by: null, lock_until: null, created_at: T0 + n, updated_at: T0 + n,
});

const review = (queueId: string, itemId: string, reviewer: string, status: 'done' | 'skipped' = 'done') => ({
  project_id: 'p1', queue_id: queueId, item_id: itemId, reviewer, status, created_at: T0,
});

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function annotationQueueStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`annotation queue store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates and lists queues, refuses a taken name, keeps projects apart', async () => {
      expect(await store.annotationQueues.createQueue(queue('q1', 'support'))).toBe('created');
      expect(await store.annotationQueues.createQueue(queue('q2', 'support'))).toBe('conflict');
      expect(await store.annotationQueues.createQueue(queue('q3', 'double', 2))).toBe('created');
      expect((await store.annotationQueues.listQueues('p1')).map((q) => q.name)).toEqual(['double', 'support']);
      expect(await store.annotationQueues.getQueue('p2', 'q1')).toBeNull();
      expect(await store.annotationQueues.getQueue('p1', 'q3')).toMatchObject({ reviews_per_item: 2, created_by: 'alice' });
    });

    it('adds each trace (or span) once per queue', async () => {
      expect(await store.annotationQueues.addItems([item('q1', 1), item('q1', 2), item('q1', 3), item('q1', 1, 's1')])).toBe(4);
      expect(await store.annotationQueues.addItems([{ ...item('q1', 1), item_id: 'other' }, item('q1', 4)])).toBe(1);
      expect((await store.annotationQueues.listItems('p1', 'q1', 10, 0)).map((i) => i.trace_id + i.span_id)).toEqual(['t1', 't1s1', 't2', 't3', 't4']);
    });

    it('locks the next item for one reviewer; another reviewer gets the next one; an expired lock frees the item', async () => {
      const a = await store.annotationQueues.claimNext('p1', 'q1', 'alice', 1, T0, T0 + 10 * MINUTE);
      expect(a).toMatchObject({ trace_id: 't1', span_id: '', locked_by: 'alice', lock_until: T0 + 10 * MINUTE });
      // Asking again answers the item already held.
      expect((await store.annotationQueues.claimNext('p1', 'q1', 'alice', 1, T0 + 1, T0 + 10 * MINUTE))?.item_id).toBe(a?.item_id);
      const b = await store.annotationQueues.claimNext('p1', 'q1', 'bob', 1, T0 + 2, T0 + 10 * MINUTE);
      expect(b?.item_id).not.toBe(a?.item_id);
      expect(await store.annotationQueues.reviewState('p1', 'q1', a?.item_id as string, 'bob', T0 + 3)).toBe('locked');
      expect(await store.annotationQueues.finishReview(review('q1', a?.item_id as string, 'bob'), T0 + 3)).toBe('locked');
      // After the lock expired, carol can take alice's item.
      const c = await store.annotationQueues.claimNext('p1', 'q1', 'carol', 1, T0 + 11 * MINUTE, T0 + 21 * MINUTE);
      expect(c?.item_id).toBe(a?.item_id);
      expect(c?.locked_by).toBe('carol');
    });

    it('finishes reviews once per reviewer, counts skips apart, and hands out only what still needs reviews', async () => {
      const items = await store.annotationQueues.listItems('p1', 'q1', 10, 0);
      const [first, second] = items;
      const at = T0 + 12 * MINUTE;
      expect(await store.annotationQueues.finishReview(review('q1', first.item_id, 'carol'), at)).toBe('ok');
      expect(await store.annotationQueues.finishReview(review('q1', first.item_id, 'carol'), at)).toBe('duplicate');
      expect(await store.annotationQueues.getItem('p1', 'q1', first.item_id)).toMatchObject({ reviews_done: 1, locked_by: null, lock_until: null });
      expect(await store.annotationQueues.finishReview(review('q1', second.item_id, 'carol', 'skipped'), at)).toBe('ok');
      expect((await store.annotationQueues.getItem('p1', 'q1', second.item_id))?.reviews_done).toBe(0);
      expect(await store.annotationQueues.finishReview(review('q1', 'nope', 'carol'), at)).toBe('missing');
      // Carol is not shown the item she reviewed nor the one she skipped (one review per item is enough here).
      const next = await store.annotationQueues.claimNext('p1', 'q1', 'carol', 1, at, at + MINUTE);
      expect([first.item_id, second.item_id]).not.toContain(next?.item_id);
      // Dave gets neither the completed item nor the one bob holds.
      const dave = await store.annotationQueues.claimNext('p1', 'q1', 'dave', 1, at, at + MINUTE);
      expect(dave?.item_id).toBe(second.item_id);
      const counts = (await store.annotationQueues.counts('p1', new Map([['q1', 1], ['q3', 2]]))).get('q1');
      expect(counts).toMatchObject({ items: 5, completed: 1 });
      expect(counts?.reviewers).toEqual([{ reviewer: 'carol', done: 1, skipped: 1 }]);
    });

    it('gives an item to several reviewers when the queue needs several reviews, and none when all are done', async () => {
      await store.annotationQueues.addItems([item('q3', 1)]);
      const [only] = await store.annotationQueues.listItems('p1', 'q3', 10, 0);
      for (const reviewer of ['alice', 'bob']) {
        const got = await store.annotationQueues.claimNext('p1', 'q3', reviewer, 2, T0, T0 + MINUTE);
        expect(got?.item_id).toBe(only.item_id);
        expect(await store.annotationQueues.finishReview(review('q3', only.item_id, reviewer), T0)).toBe('ok');
      }
      expect(await store.annotationQueues.claimNext('p1', 'q3', 'carol', 2, T0, T0 + MINUTE)).toBeNull();
      const counts = (await store.annotationQueues.counts('p1', new Map([['q3', 2]]))).get('q3');
      expect(counts).toMatchObject({ items: 1, completed: 1 });
      expect(counts?.reviewers.map((r) => r.reviewer)).toEqual(['alice', 'bob']);
    });

    it('hands each item to one of two reviewers claiming at once', async () => {
      await store.annotationQueues.createQueue(queue('q4', 'race'));
      await store.annotationQueues.addItems(Array.from({ length: 6 }, (_, n) => item('q4', n)));
      const claims = await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((r) => store.annotationQueues.claimNext('p1', 'q4', r, 1, T0, T0 + MINUTE)));
      const ids = claims.map((c) => c?.item_id).filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('counts one review when the same reviewer finishes an item twice at once', async () => {
      await store.annotationQueues.createQueue(queue('q5', 'twice', 3));
      await store.annotationQueues.addItems([item('q5', 1)]);
      const [only] = await store.annotationQueues.listItems('p1', 'q5', 10, 0);
      const outcomes = await Promise.all([1, 2, 3].map(() => store.annotationQueues.finishReview(review('q5', only.item_id, 'erin'), T0)));
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'duplicate')).toBe(true);
      expect((await store.annotationQueues.getItem('p1', 'q5', only.item_id))?.reviews_done).toBe(1);
    });

    it('deletes a queue with its items and reviews', async () => {
      expect(await store.annotationQueues.deleteQueue('p1', 'q3')).toBe(true);
      expect(await store.annotationQueues.deleteQueue('p1', 'q3')).toBe(false);
      expect(await store.annotationQueues.listItems('p1', 'q3', 10, 0)).toEqual([]);
      expect((await store.annotationQueues.counts('p1', new Map())).has('q3')).toBe(false);
    });
  });
}
