/**
 * Migration 0010_memberships on data written before it, on both backends: every user becomes a
 * member of every project with their old global role, old admins become instance administrators,
 * and the global role column is gone.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../sqlite/migrations.js';
import { POSTGRES_MIGRATIONS } from '../postgres/migrations.js';
import { createTestDatabase, tempDir } from './test-stores.js';

const NAME = '0010_memberships';
const before = (all: Record<string, string[]>) => Object.keys(all).filter((n) => n < NAME).sort().flatMap((n) => all[n]);
const SEED = [
  `INSERT INTO projects (project_id, name, created_at) VALUES ('p1', 'default', 100), ('p2', 'second', 300)`,
  `INSERT INTO users (user_id, username, password_hash, role, default_project_id, created_at, updated_at) VALUES
    ('u1', 'admin', 'h', 'admin', NULL, 50, 50), ('u2', 'mina', 'h', 'member', NULL, 200, 200), ('u3', 'vic', 'h', 'viewer', 'p2', 400, 400)`,
];
const EXPECTED_MEMBERS = [
  ['p1', 'u1', 'admin', 100],
  ['p1', 'u2', 'member', 200],
  ['p1', 'u3', 'viewer', 400],
  ['p2', 'u1', 'admin', 300],
  ['p2', 'u2', 'member', 300],
  ['p2', 'u3', 'viewer', 400],
];
const MEMBERS_SQL = 'SELECT project_id, user_id, role, created_at FROM project_members ORDER BY project_id, user_id';
const USERS_SQL = 'SELECT * FROM users ORDER BY user_id';

describe(`migration ${NAME}`, () => {
  it('moves global roles into memberships on SQLite', () => {
    const db = new Database(path.join(tempDir(), 'tracehub.db'));
    try {
      for (const statement of [...before(SQLITE_MIGRATIONS), ...SEED, ...SQLITE_MIGRATIONS[NAME]]) db.exec(statement);
      const members = db.prepare(MEMBERS_SQL).raw().all();
      expect(members).toEqual(EXPECTED_MEMBERS);
      const users = db.prepare(USERS_SQL).all() as Array<Record<string, unknown>>;
      expect(users.map((u) => [u.user_id, u.instance_admin, u.default_project_id])).toEqual([['u1', 1, null], ['u2', 0, null], ['u3', 0, 'p2']]);
      expect(users.every((u) => !('role' in u))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('moves global roles into memberships on PostgreSQL', async () => {
    const client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
    try {
      for (const statement of [...before(POSTGRES_MIGRATIONS), ...SEED, ...POSTGRES_MIGRATIONS[NAME]]) await client.query(statement);
      const members = await client.query({ text: MEMBERS_SQL, rowMode: 'array' });
      expect(members.rows.map((r) => [r[0], r[1], r[2], Number(r[3])])).toEqual(EXPECTED_MEMBERS);
      const users = (await client.query(USERS_SQL)).rows as Array<Record<string, unknown>>;
      expect(users.map((u) => [u.user_id, u.instance_admin, u.default_project_id])).toEqual([['u1', true, null], ['u2', false, null], ['u3', false, 'p2']]);
      expect(users.every((u) => !('role' in u))).toBe(true);
    } finally {
      await client.end();
    }
  });
});
