/**
 * SQLite: per-project memberships and the instance-administrator flag (migration 0010). Existing
 * users become members of every existing project with their old global role; old admins become
 * instance administrators; the global role column goes away.
 */
export const SQLITE_MEMBERSHIP_MIGRATIONS: Record<string, string[]> = {
  '0010_memberships': [
    `CREATE TABLE project_members (project_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL,
      created_at INTEGER NOT NULL, PRIMARY KEY (project_id, user_id)) WITHOUT ROWID`,
    `CREATE INDEX project_members_user ON project_members (user_id, project_id)`,
    `ALTER TABLE users ADD COLUMN instance_admin INTEGER NOT NULL DEFAULT 0`,
    `UPDATE users SET instance_admin = CASE WHEN role = 'admin' THEN 1 ELSE 0 END`,
    `INSERT INTO project_members (project_id, user_id, role, created_at)
      SELECT p.project_id, u.user_id, CASE WHEN u.role IN ('admin', 'member') THEN u.role ELSE 'viewer' END,
        MAX(u.created_at, p.created_at)
      FROM users u CROSS JOIN projects p`,
    `ALTER TABLE users DROP COLUMN role`,
  ],
};
