/** Project and API key queries shared by the SQL backends. */
import type { ProjectStore } from '../store.js';
import type { ApiKeyRow, ProjectRow } from '../rows.js';
import { toApiKeyRow } from './row-mapping.js';
import type { Db } from './database.js';

/** Builds the ProjectStore: reads on `db`, writes on `writeDb` inside `write` (the backend's write serialiser). */
export function createProjectQueries(
  db: Db,
  writeDb: Db,
  write: <T>(fn: () => Promise<T>) => Promise<T>,
): ProjectStore {
  return {
    async countProjects() {
      const row = await db.selectFrom('projects').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async listProjects() {
      const rows = await db.selectFrom('projects').selectAll().orderBy('created_at').execute();
      return rows.map((r) => ({ project_id: String(r.project_id), name: String(r.name), created_at: Number(r.created_at) }));
    },
    async getProject(projectId: string) {
      const r = await db.selectFrom('projects').selectAll().where('project_id', '=', projectId).executeTakeFirst();
      return r ? { project_id: String(r.project_id), name: String(r.name), created_at: Number(r.created_at) } : null;
    },
    async createProject(row: ProjectRow) {
      return write(async () => {
        const result = await writeDb
          .insertInto('projects')
          .values(row)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? row : null;
      });
    },
    async createApiKey(row: ApiKeyRow) {
      await write(() => writeDb.insertInto('api_keys').values({ ...row, scopes: JSON.stringify(row.scopes) }).execute());
    },
    async findApiKeyByHash(keyHash: string) {
      const r = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
      return r ? toApiKeyRow(r) : null;
    },
    async listApiKeys(projectId: string) {
      const rows = await db.selectFrom('api_keys').selectAll().where('project_id', '=', projectId).orderBy('created_at').execute();
      return rows.map(toApiKeyRow);
    },
    async revokeApiKey(projectId: string, keyId: string, at: number) {
      return write(async () => {
        const result = await writeDb
          .updateTable('api_keys')
          .set({ revoked_at: at })
          .where('project_id', '=', projectId)
          .where('key_id', '=', keyId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      });
    },
  };
}
