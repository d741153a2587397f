/** The annotation queue tables (migration 0022) as Kysely table types; sql/database.ts adds them to `Database`. */
import type { AnnotationItemRow, AnnotationQueueRow, AnnotationReviewRow } from '../annotation-queue-store.js';

/** Every annotation queue table, by name. */
export interface AnnotationQueueTables {
  annotation_queues: AnnotationQueueRow;
  annotation_items: AnnotationItemRow;
  annotation_reviews: Omit<AnnotationReviewRow, 'status'> & { status: string };
}
