/** The storage seam of UI users, their project memberships and their sign-in sessions. */
import type { MembershipStore } from './membership-store.js';

/** One user. `password_hash` is an scrypt hash (see auth/passwords.ts), never the password. */
export interface UserRow {
  user_id: string;
  /** Lowercase, unique. */
  username: string;
  password_hash: string;
  /** Manages users, projects and memberships of the whole instance (not a data permission). */
  instance_admin: boolean;
  /** Project selected when the browser names none; null = the first project. */
  default_project_id: string | null;
  created_at: number;
  updated_at: number;
}

/** One sign-in session. Only the SHA-256 of the cookie's token is stored. */
export interface UserSessionRow {
  token_hash: string;
  user_id: string;
  /** The token the browser must echo in `x-csrf-token` on changes. */
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

/** Fields of a user that can change. */
export interface UserPatch {
  instance_admin?: boolean;
  password_hash?: string;
  default_project_id?: string | null;
  updated_at: number;
}

/** Users, their memberships and sessions. */
export interface UserStore extends MembershipStore {
  countUsers(): Promise<number>;
  listUsers(): Promise<UserRow[]>;
  getUser(userId: string): Promise<UserRow | null>;
  findUserByUsername(username: string): Promise<UserRow | null>;
  /** Creates a user; answers null when the username is taken. */
  createUser(row: UserRow): Promise<UserRow | null>;
  /** Applies `patch`; answers the updated user, or null when there is no such user. */
  updateUser(userId: string, patch: UserPatch): Promise<UserRow | null>;
  /** Deletes a user, their memberships and sessions; answers false when there is no such user. */
  deleteUser(userId: string): Promise<boolean>;
  createSession(row: UserSessionRow): Promise<void>;
  /** A session that has not expired at `now`, with its user. */
  findSession(tokenHash: string, now: number): Promise<{ session: UserSessionRow; user: UserRow } | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of a user (e.g. after a password change), except `keepTokenHash`. */
  deleteUserSessions(userId: string, keepTokenHash?: string): Promise<void>;
  /** Removes sessions that expired before `now`; answers how many. */
  deleteExpiredSessions(now: number): Promise<number>;
}
