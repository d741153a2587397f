/** UI users: the first admin, sign-in checks, and admin management (create, change role or password, delete). */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { microsToIso } from '@tracehub/core';
import { HttpError, notFound } from '../http-errors.js';
import type { UserRole, UserRow, UserStore } from '../storage/user-store.js';
import type { Scope } from './api-keys.js';
import { DUMMY_HASH_PROMISE, generatePassword, hashPassword, verifyPassword } from './passwords.js';

/** The three roles. */
export const roleSchema = z.enum(['admin', 'member', 'viewer']);

/** A username: 2–64 letters, digits, `_ . @ -`; stored lowercase. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.@-]{1,63}$/, 'must be 2–64 letters, digits, "_", ".", "@" or "-" (starting with a letter or digit)');

/** A password: 8–256 characters. */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(256);

/** The scopes a role grants: viewer → read, member → read + ingest, admin → everything. */
export function roleScopes(role: UserRole): Scope[] {
  if (role === 'admin') return ['read', 'ingest', 'admin'];
  if (role === 'member') return ['read', 'ingest'];
  return ['read'];
}

/** A user as the API shows it (never the hash). */
export function userView(user: UserRow) {
  return {
    user_id: user.user_id,
    username: user.username,
    role: user.role,
    default_project_id: user.default_project_id,
    created_at: microsToIso(user.created_at),
    updated_at: microsToIso(user.updated_at),
  };
}

/** What an admin may set on a new user. */
export interface NewUser {
  username: string;
  password: string;
  role: UserRole;
  default_project_id?: string | null;
}

/** What an admin may change on a user. */
export interface UserChange {
  role?: UserRole;
  password?: string;
  default_project_id?: string | null;
}

/** Creates the user service. `now` is the clock in microseconds. */
export function createUserService(users: UserStore, now: () => number) {
  async function mustGet(userId: string): Promise<UserRow> {
    const user = await users.getUser(userId);
    if (!user) throw notFound(`User "${userId}" does not exist.`);
    return user;
  }
  async function otherAdmins(userId: string): Promise<number> {
    return (await users.listUsers()).filter((u) => u.role === 'admin' && u.user_id !== userId).length;
  }

  return {
    /**
     * On first start (no user at all): user `admin` with `password`, or a generated one that is
     * answered so the caller can print it once. Answers null when users already exist.
     */
    async bootstrapAdmin(password?: string): Promise<{ username: string; generatedPassword?: string } | null> {
      if ((await users.countUsers()) > 0) return null;
      const chosen = password || generatePassword();
      const at = now();
      const created = await users.createUser({
        user_id: randomUUID(),
        username: 'admin',
        password_hash: await hashPassword(chosen),
        role: 'admin',
        default_project_id: null,
        created_at: at,
        updated_at: at,
      });
      if (!created) return null; // another server process won the race
      return { username: 'admin', ...(password ? {} : { generatedPassword: chosen }) };
    },

    /** The user behind a username and password, or null. Unknown names cost as much time as wrong passwords. */
    async verifyCredentials(username: string, password: string): Promise<UserRow | null> {
      const user = await users.findUserByUsername(username.trim().toLowerCase());
      const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH_PROMISE()));
      return user && ok ? user : null;
    },

    async list(): Promise<UserRow[]> {
      return users.listUsers();
    },

    /** Creates a user; 409 when the username is taken. */
    async create(input: NewUser): Promise<UserRow> {
      const at = now();
      const created = await users.createUser({
        user_id: randomUUID(),
        username: input.username,
        password_hash: await hashPassword(input.password),
        role: input.role,
        default_project_id: input.default_project_id ?? null,
        created_at: at,
        updated_at: at,
      });
      if (!created) throw new HttpError(409, 'conflict', `A user named "${input.username}" already exists; pick another username.`);
      return created;
    },

    /**
     * Changes role, password or default project. The last admin keeps the admin role; a new password
     * ends the user's sessions (except `keepSessionHash`, the caller's own).
     */
    async update(userId: string, change: UserChange, keepSessionHash?: string): Promise<UserRow> {
      const user = await mustGet(userId);
      if (change.role && change.role !== 'admin' && user.role === 'admin' && (await otherAdmins(userId)) === 0) {
        throw new HttpError(409, 'conflict', `"${user.username}" is the last admin; make another user admin first.`);
      }
      const updated = await users.updateUser(userId, {
        role: change.role,
        password_hash: change.password === undefined ? undefined : await hashPassword(change.password),
        default_project_id: change.default_project_id,
        updated_at: now(),
      });
      if (!updated) throw notFound(`User "${userId}" does not exist.`);
      if (change.password !== undefined) await users.deleteUserSessions(userId, keepSessionHash);
      return updated;
    },

    /** Deletes a user and ends their sessions. Nobody deletes themselves or the last admin. */
    async remove(userId: string, actorUserId?: string): Promise<void> {
      const user = await mustGet(userId);
      if (userId === actorUserId) throw new HttpError(409, 'conflict', 'You cannot delete your own user; ask another admin.');
      if (user.role === 'admin' && (await otherAdmins(userId)) === 0) {
        throw new HttpError(409, 'conflict', `"${user.username}" is the last admin and cannot be deleted.`);
      }
      await users.deleteUser(userId);
    },
  };
}

/** The user service. */
export type UserService = ReturnType<typeof createUserService>;
