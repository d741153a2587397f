/** Sign-in sessions: random tokens in an httpOnly cookie, stored as SHA-256 hashes with their CSRF token. */
import { createHash, randomBytes } from 'node:crypto';
import type { UserRow, UserSessionRow, UserStore } from '../storage/user-store.js';

/** The cookie holding the session token (httpOnly). */
export const SESSION_COOKIE = 'tracehub_session';
/** The cookie holding the CSRF token, readable by the page so it can echo it in `x-csrf-token`. */
export const CSRF_COOKIE = 'tracehub_csrf';
/** The header that must repeat the CSRF cookie on cookie-authenticated changes. */
export const CSRF_HEADER = 'x-csrf-token';
/** How long a session lasts (7 days). */
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

/** SHA-256 hex of a session token (what the database keeps). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session as the browser gets it. */
export interface IssuedSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

/** Creates the session service. `now` is the clock in microseconds. */
export function createSessionService(users: UserStore, now: () => number) {
  let lastSweep = 0;
  return {
    /** Starts a session for `user`; expired sessions are swept at most once an hour. */
    async create(user: UserRow): Promise<IssuedSession> {
      const at = now();
      if (at - lastSweep > 3600e6) {
        lastSweep = at;
        await users.deleteExpiredSessions(at);
      }
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = at + SESSION_TTL_SECONDS * 1e6;
      await users.createSession({ token_hash: hashSessionToken(token), user_id: user.user_id, csrf_token: csrfToken, created_at: at, expires_at: expiresAt });
      return { token, csrfToken, expiresAt };
    },

    /** The live session and user behind a cookie token, or null. */
    async resolve(token: string): Promise<{ session: UserSessionRow; user: UserRow } | null> {
      if (!token || token.length > 256) return null;
      return users.findSession(hashSessionToken(token), now());
    },

    async destroy(token: string): Promise<void> {
      await users.deleteSession(hashSessionToken(token));
    },
  };
}

/** The session service. */
export type SessionService = ReturnType<typeof createSessionService>;
