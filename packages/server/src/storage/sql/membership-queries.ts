/** Project membership queries shared by the SQL backends. */
import type { MembershipRow, MembershipStore, ProjectRole } from '../membership-store.js';
import type { Db } from './database.js';

type Raw = Record<string, unknown>;

const toMembership = (r: Raw): MembershipRow => ({
  project_id: String(r.project_id),
  user_id: String(r.user_id),
  role: String(r.role) as ProjectRole,
  created_at: Number(r.created_at),
});

/** Builds the MembershipStore: reads on `db`, writes on `writeDb` inside `write` (the backend's write serialiser). */
export function createMembershipQueries(db: Db, writeDb: Db, write: <T>(fn: () => Promise<T>) => Promise<T>): MembershipStore {
  return {
    async listUserProjects(userId) {
      const rows = await db
        .selectFrom('project_members as m')
        .innerJoin('projects as p', 'p.project_id', 'm.project_id')
        .select(['p.project_id', 'p.name', 'p.created_at', 'm.role'])
        .where('m.user_id', '=', userId)
        .orderBy('p.created_at')
        .orderBy('p.project_id')
        .execute();
      return rows.map((r) => ({ project_id: String(r.project_id), name: String(r.name), created_at: Number(r.created_at), role: String(r.role) as ProjectRole }));
    },
    async listProjectMembers(projectId) {
      const rows = await db
        .selectFrom('project_members as m')
        .innerJoin('users as u', 'u.user_id', 'm.user_id')
        .select(['m.project_id', 'm.user_id', 'm.role', 'm.created_at', 'u.username'])
        .where('m.project_id', '=', projectId)
        .orderBy('u.username')
        .execute();
      return rows.map((r) => ({ ...toMembership(r), username: String(r.username) }));
    },
    async listAllMemberships() {
      return (await db.selectFrom('project_members').selectAll().orderBy('project_id').orderBy('user_id').execute()).map(toMembership);
    },
    async getMembership(projectId, userId) {
      const r = await db.selectFrom('project_members').selectAll().where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
      return r ? toMembership(r) : null;
    },
    async putMembership(row) {
      return write(async () => {
        await writeDb
          .insertInto('project_members')
          .values(row)
          .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role: row.role }))
          .execute();
        const r = await writeDb.selectFrom('project_members').selectAll().where('project_id', '=', row.project_id).where('user_id', '=', row.user_id).executeTakeFirstOrThrow();
        return toMembership(r);
      });
    },
    async removeMembership(projectId, userId) {
      return write(async () => {
        const result = await writeDb.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
    async addToEveryProject(userId, role, at) {
      return write(async () => {
        const projects = await writeDb.selectFrom('projects').select('project_id').execute();
        if (projects.length === 0) return 0;
        const result = await writeDb
          .insertInto('project_members')
          .values(projects.map((p) => ({ project_id: String(p.project_id), user_id: userId, role, created_at: at })))
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0);
      });
    },
  };
}
