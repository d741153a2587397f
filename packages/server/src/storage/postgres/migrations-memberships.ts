/**
 * PostgreSQL: per-project memberships and the instance-administrator flag (migration 0010).
 * Existing users become members of every existing project with their old global role; old admins
 * become instance administrators; the global role column goes away.
 */
export const POSTGRES_MEMBERSHIP_MIGRATIONS: Record<string, string[]> = {
  '0010_memberships': [
    `CREATE TABLE project_members (project_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL,
      created_at BIGINT NOT NULL, PRIMARY KEY (project_id, user_id))`,
    `CREATE INDEX project_members_user ON project_members (user_id, project_id)`,
    `ALTER TABLE users ADD COLUMN instance_admin BOOLEAN NOT NULL DEFAULT false`,
    `UPDATE users SET instance_admin = (role = 'admin')`,
    `INSERT INTO project_members (project_id, user_id, role, created_at)
      SELECT p.project_id, u.user_id, CASE WHEN u.role IN ('admin', 'member') THEN u.role ELSE 'viewer' END,
        GREATEST(u.created_at, p.created_at)
      FROM users u CROSS JOIN projects p`,
    `ALTER TABLE users DROP COLUMN role`,
  ],
};
