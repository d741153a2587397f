/** SQLite schema of UI users and their sign-in sessions (migration 0004). */
export const SQLITE_USER_MIGRATIONS: Record<string, string[]> = {
  '0004_users': [
    `CREATE TABLE users (user_id TEXT PRIMARY KEY, username TEXT NOT NULL, password_hash TEXT NOT NULL,
      role TEXT NOT NULL, default_project_id TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
    `CREATE UNIQUE INDEX users_username ON users (username)`,
    // Only the SHA-256 of a session token is stored; the token itself lives in the browser's cookie.
    `CREATE TABLE user_sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf_token TEXT NOT NULL,
      created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)`,
    `CREATE INDEX user_sessions_user ON user_sessions (user_id)`,
    `CREATE INDEX user_sessions_expiry ON user_sessions (expires_at)`,
  ],
};
