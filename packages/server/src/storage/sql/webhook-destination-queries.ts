/** Webhook destinations over Kysely, shared by the SQLite and PostgreSQL decision stores. */
import type { DecisionStore, WebhookDestinationRow } from '../decision-store.js';
import type { Db } from './database.js';

type DestinationQueries = Pick<
  DecisionStore,
  'createWebhookDestination' | 'listWebhookDestinations' | 'findWebhookDestination' | 'rotateWebhookSecret' | 'deleteWebhookDestination'
>;

/** Raw row → WebhookDestinationRow. */
export const toDestinationRow = (r: Record<string, unknown>): WebhookDestinationRow => ({
  project_id: String(r.project_id), destination_id: String(r.destination_id), name: String(r.name), url: String(r.url),
  secret: String(r.secret), created_at: Number(r.created_at), updated_at: Number(r.updated_at),
});

/** The destination queries: reads on `db`, writes on `writeDb` inside `write` (the backend's write serialiser). */
export function createWebhookDestinationQueries(db: Db, writeDb: Db, write: <T>(fn: () => Promise<T>) => Promise<T>): DestinationQueries {
  return {
    createWebhookDestination(row) {
      return write(async () => {
        const inserted = await writeDb.insertInto('webhook_destinations').values(row)
          .onConflict((oc) => oc.doNothing()).executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? { outcome: 'created' as const, row } : { outcome: 'conflict' as const };
      });
    },
    async listWebhookDestinations(projectId) {
      const rows = await db.selectFrom('webhook_destinations').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
      return rows.map(toDestinationRow);
    },
    async findWebhookDestination(projectId, idOrName) {
      const rows = await db.selectFrom('webhook_destinations').selectAll().where('project_id', '=', projectId)
        .where((eb) => eb.or([eb('destination_id', '=', idOrName), eb('name', '=', idOrName)])).execute();
      const row = rows.find((r) => r.destination_id === idOrName) ?? rows[0];
      return row ? toDestinationRow(row) : null;
    },
    rotateWebhookSecret(projectId, destinationId, secret, at) {
      return write(async () => {
        const row = await writeDb.updateTable('webhook_destinations').set({ secret, updated_at: at })
          .where('project_id', '=', projectId).where('destination_id', '=', destinationId).returningAll().executeTakeFirst();
        return row ? toDestinationRow(row) : null;
      });
    },
    deleteWebhookDestination(projectId, destinationId) {
      return write(async () => {
        const result = await writeDb.deleteFrom('webhook_destinations')
          .where('project_id', '=', projectId).where('destination_id', '=', destinationId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
