/** SQLite: webhook destinations with their own signing secrets; notifications name the destination they go to. */
export const SQLITE_WEBHOOK_SECRET_MIGRATIONS: Record<string, string[]> = {
  '0011_webhook_secrets': [
    // secret is the HMAC key deliveries are signed with: shown once when created, never answered again.
    `CREATE TABLE webhook_destinations (project_id TEXT NOT NULL, destination_id TEXT NOT NULL, name TEXT NOT NULL,
      url TEXT NOT NULL, secret TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (project_id, destination_id))`,
    `CREATE UNIQUE INDEX webhook_destinations_name ON webhook_destinations (project_id, name)`,
    `ALTER TABLE notifications ADD COLUMN destination_id TEXT`,
  ],
};
