/** User and session queries shared by the SQL backends. */
import type { UserRow, UserSessionRow, UserStore } from '../user-store.js';
import { createMembershipQueries } from './membership-queries.js';
import type { WriteTransaction } from './write-transaction.js';
import { flag, textOrNull } from './row-values.js';
import type { Db } from './database.js';

type Raw = Record<string, unknown>;

const toUser = (r: Raw): UserRow => ({
  user_id: String(r.user_id),
  username: String(r.username),
  password_hash: String(r.password_hash),
  instance_admin: flag(r.instance_admin),
  default_project_id: textOrNull(r.default_project_id),
  created_at: Number(r.created_at),
  updated_at: Number(r.updated_at),
});

const toSession = (r: Raw): UserSessionRow => ({
  token_hash: String(r.token_hash),
  user_id: String(r.user_id),
  csrf_token: String(r.csrf_token),
  created_at: Number(r.created_at),
  expires_at: Number(r.expires_at),
});

/**
 * Builds the UserStore: reads on `db`, single writes on `writeDb` inside `write` (the backend's write
 * serialiser), multi-statement writes in `transaction` (the backend's write transaction).
 */
export function createUserQueries(
  db: Db,
  writeDb: Db,
  write: <T>(fn: () => Promise<T>) => Promise<T>,
  transaction: WriteTransaction,
): UserStore {
  return {
    ...createMembershipQueries(db, writeDb, write),
    async countUsers() {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async listUsers() {
      return (await db.selectFrom('users').selectAll().orderBy('created_at').orderBy('username').execute()).map(toUser);
    },
    async getUser(userId) {
      const r = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return r ? toUser(r) : null;
    },
    async findUserByUsername(username) {
      const r = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return r ? toUser(r) : null;
    },
    async createUser(row) {
      return write(async () => {
        const result = await writeDb
          .insertInto('users')
          .values({ ...row, instance_admin: row.instance_admin ? 1 : 0 })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? row : null;
      });
    },
    async updateUser(userId, patch) {
      return write(async () => {
        const set: Raw = { updated_at: patch.updated_at };
        if (patch.instance_admin !== undefined) set.instance_admin = patch.instance_admin ? 1 : 0;
        if (patch.password_hash !== undefined) set.password_hash = patch.password_hash;
        if (patch.default_project_id !== undefined) set.default_project_id = patch.default_project_id;
        const result = await writeDb.updateTable('users').set(set).where('user_id', '=', userId).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return null;
        const r = await writeDb.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
        return r ? toUser(r) : null;
      });
    },
    async deleteUser(userId) {
      return transaction(async (trx) => {
        await trx.deleteFrom('user_sessions').where('user_id', '=', userId).execute();
        await trx.deleteFrom('project_members').where('user_id', '=', userId).execute();
        const result = await trx.deleteFrom('users').where('user_id', '=', userId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
    async createSession(row) {
      await write(() => writeDb.insertInto('user_sessions').values(row).execute());
    },
    async findSession(tokenHash, now) {
      const r = await db
        .selectFrom('user_sessions as s')
        .innerJoin('users as u', 'u.user_id', 's.user_id')
        .select([
          's.token_hash',
          's.user_id',
          's.csrf_token',
          's.created_at as session_created_at',
          's.expires_at',
          'u.username',
          'u.password_hash',
          'u.instance_admin',
          'u.default_project_id',
          'u.created_at',
          'u.updated_at',
        ])
        .where('s.token_hash', '=', tokenHash)
        .where('s.expires_at', '>', now)
        .executeTakeFirst();
      if (!r) return null;
      return { session: toSession({ ...r, created_at: r.session_created_at }), user: toUser(r) };
    },
    async deleteSession(tokenHash) {
      await write(() => writeDb.deleteFrom('user_sessions').where('token_hash', '=', tokenHash).execute());
    },
    async deleteUserSessions(userId, keepTokenHash) {
      await write(async () => {
        let query = writeDb.deleteFrom('user_sessions').where('user_id', '=', userId);
        if (keepTokenHash) query = query.where('token_hash', '!=', keepTokenHash);
        await query.execute();
      });
    },
    async deleteExpiredSessions(now) {
      return write(async () => {
        const result = await writeDb.deleteFrom('user_sessions').where('expires_at', '<=', now).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },
  };
}
