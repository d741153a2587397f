/** PostgreSQL: annotation queues, their items (with the reviewer lock) and the reviews (migration 0022). */
export const POSTGRES_ANNOTATION_QUEUE_MIGRATIONS: Record<string, string[]> = {
  '0022_annotation_queues': [
    `CREATE TABLE annotation_queues (project_id TEXT NOT NULL, queue_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
      score_definitions TEXT NOT NULL, reviews_per_item INTEGER NOT NULL, created_by TEXT NOT NULL,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (project_id, queue_id))`,
    `CREATE UNIQUE INDEX annotation_queues_name ON annotation_queues (project_id, name)`,
    // span_id is '' for a whole trace, so the unique key also holds for trace items.
    `CREATE TABLE annotation_items (project_id TEXT NOT NULL, queue_id TEXT NOT NULL, item_id TEXT NOT NULL, trace_id TEXT NOT NULL,
      span_id TEXT NOT NULL, source TEXT NOT NULL, source_ref TEXT, reviews_done INTEGER NOT NULL, locked_by TEXT, lock_until BIGINT,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (project_id, queue_id, item_id))`,
    `CREATE UNIQUE INDEX annotation_items_key ON annotation_items (project_id, queue_id, trace_id, span_id)`,
    `CREATE INDEX annotation_items_order ON annotation_items (project_id, queue_id, created_at)`,
    `CREATE TABLE annotation_reviews (project_id TEXT NOT NULL, queue_id TEXT NOT NULL, item_id TEXT NOT NULL, reviewer TEXT NOT NULL,
      status TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (project_id, queue_id, item_id, reviewer))`,
  ],
};
