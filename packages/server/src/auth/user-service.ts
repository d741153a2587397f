/**
 * UI users: the first instance administrator, sign-in checks, and user management by instance
 * administrators (create, change password or the instance-administrator flag, delete).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { microsToIso, type UserView } from '@tracehub/core';
import { ConflictError, NotFoundError } from '../domain-errors.js';
import type { UserRow, UserStore } from '../storage/user-store.js';
import type { MembershipRow, ProjectRole } from '../storage/membership-store.js';
import type { Scope } from './api-keys.js';
import { DUMMY_HASH_PROMISE, generatePassword, hashPassword, verifyPassword } from './passwords.js';

/** The three project roles. */
export const roleSchema = z.enum(['admin', 'member', 'viewer']);

/** A username: 2–64 letters, digits, `_ . @ -`; stored lowercase. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.@-]{1,63}$/, 'must be 2–64 letters, digits, "_", ".", "@" or "-" (starting with a letter or digit)');

/** A password: 8–256 characters. */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(256);

/** The scopes a project role grants: viewer → read, member → read + ingest, admin → everything in the project. */
export function roleScopes(role: ProjectRole | null): Scope[] {
  if (role === 'admin') return ['read', 'ingest', 'admin'];
  if (role === 'member') return ['read', 'ingest'];
  if (role === 'viewer') return ['read'];
  return [];
}

/** A user as the API shows it (never the hash). */
export function userView(user: UserRow): UserView {
  return {
    user_id: user.user_id,
    username: user.username,
    instance_admin: user.instance_admin,
    default_project_id: user.default_project_id,
    created_at: microsToIso(user.created_at),
    updated_at: microsToIso(user.updated_at),
  };
}

/** A user with the projects they belong to, picked from `memberships` (e.g. every membership of the instance). */
export function userWithProjectsView(user: UserRow, memberships: MembershipRow[]) {
  return {
    ...userView(user),
    projects: memberships.filter((m) => m.user_id === user.user_id).map((m) => ({ project_id: m.project_id, role: m.role })),
  };
}

/** What an instance administrator may set on a new user. */
export interface NewUser {
  username: string;
  password: string;
  instance_admin?: boolean;
  default_project_id?: string | null;
}

/** What an instance administrator may change on a user. */
export interface UserChange {
  instance_admin?: boolean;
  password?: string;
  default_project_id?: string | null;
}

/** Creates the user service. `now` is the clock in microseconds. */
export function createUserService(users: UserStore, now: () => number) {
  async function mustGet(userId: string): Promise<UserRow> {
    const user = await users.getUser(userId);
    if (!user) throw new NotFoundError(`User "${userId}" does not exist.`);
    return user;
  }
  async function otherInstanceAdmins(userId: string): Promise<number> {
    return (await users.listUsers()).filter((u) => u.instance_admin && u.user_id !== userId).length;
  }

  return {
    /**
     * On first start (no user at all): user `admin`, an instance administrator and admin member of
     * every existing project (the `default` one), with `password` or a generated one that is
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
        instance_admin: true,
        default_project_id: null,
        created_at: at,
        updated_at: at,
      });
      if (!created) return null; // another server process won the race
      await users.addToEveryProject(created.user_id, 'admin', at);
      return { username: 'admin', ...(password ? {} : { generatedPassword: chosen }) };
    },

    /** The user behind a username and password, or null. Unknown names cost as much time as wrong passwords. */
    async verifyCredentials(username: string, password: string): Promise<UserRow | null> {
      const user = await users.findUserByUsername(username.trim().toLowerCase());
      const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH_PROMISE()));
      return user && ok ? user : null;
    },

    /** Every user, oldest first. */
    async list(): Promise<UserRow[]> {
      return users.listUsers();
    },

    /** The user with this id, or a 404. */
    get: mustGet,

    /** The user with this username (any case), or a 404. */
    async byUsername(username: string): Promise<UserRow> {
      const user = await users.findUserByUsername(username.trim().toLowerCase());
      if (!user) throw new NotFoundError(`No user is named "${username}"; create the user first.`);
      return user;
    },

    /** Creates a user; 409 when the username is taken. */
    async create(input: NewUser): Promise<UserRow> {
      const at = now();
      const created = await users.createUser({
        user_id: randomUUID(),
        username: input.username,
        password_hash: await hashPassword(input.password),
        instance_admin: input.instance_admin ?? false,
        default_project_id: input.default_project_id ?? null,
        created_at: at,
        updated_at: at,
      });
      if (!created) throw new ConflictError(`A user named "${input.username}" already exists; pick another username.`);
      return created;
    },

    /**
     * Changes the instance-administrator flag, password or default project. The last instance
     * administrator keeps the flag; a new password ends the user's sessions (except
     * `keepSessionHash`, the caller's own).
     */
    async update(userId: string, change: UserChange, keepSessionHash?: string): Promise<UserRow> {
      const user = await mustGet(userId);
      if (change.instance_admin === false && user.instance_admin && (await otherInstanceAdmins(userId)) === 0) {
        throw new ConflictError(`"${user.username}" is the last instance administrator; make another user one first.`);
      }
      const updated = await users.updateUser(userId, {
        instance_admin: change.instance_admin,
        password_hash: change.password === undefined ? undefined : await hashPassword(change.password),
        default_project_id: change.default_project_id,
        updated_at: now(),
      });
      if (!updated) throw new NotFoundError(`User "${userId}" does not exist.`);
      if (change.password !== undefined) await users.deleteUserSessions(userId, keepSessionHash);
      return updated;
    },

    /** Deletes a user, their memberships and sessions. Nobody deletes themselves or the last instance administrator. */
    async remove(userId: string, actorUserId?: string): Promise<void> {
      const user = await mustGet(userId);
      if (userId === actorUserId) throw new ConflictError('You cannot delete your own user; ask another instance administrator.');
      if (user.instance_admin && (await otherInstanceAdmins(userId)) === 0) {
        throw new ConflictError(`"${user.username}" is the last instance administrator and cannot be deleted.`);
      }
      await users.deleteUser(userId);
    },
  };
}

/** The user service. */
export type UserService = ReturnType<typeof createUserService>;
