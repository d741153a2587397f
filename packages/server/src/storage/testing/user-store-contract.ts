/**
 * The storage contract of UI users and their sign-in sessions, with the membership contract
 * (membership-contract.ts) as its part: behaviour every backend must show through the UserStore seam.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { UserRow, UserSessionRow } from '../user-store.js';
import { membershipContract } from './membership-contract.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;

const user = (id: string, extra: Partial<UserRow> = {}): UserRow => ({
  user_id: id, username: `name-${id}`, password_hash: `scrypt$${id}`, instance_admin: false, default_project_id: null,
  created_at: T0, updated_at: T0, ...extra,
});
const session = (token: string, userId: string, expiresAt: number): UserSessionRow => ({
  token_hash: token, user_id: userId, csrf_token: `csrf-${token}`, created_at: T0, expires_at: expiresAt,
});

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function userStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`user store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
      await store.projects.createProject({ project_id: 'p1', name: 'one', created_at: T0 });
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates users once per id and per username, and reads them back exactly', async () => {
      expect(await store.users.countUsers()).toBe(0);
      const ann = user('u1', { username: 'ann', instance_admin: true, default_project_id: 'p1' });
      expect(await store.users.createUser(ann)).toEqual(ann);
      expect(await store.users.createUser(user('u2', { username: 'ann' }))).toBeNull();
      expect(await store.users.createUser(user('u1', { username: 'other' }))).toBeNull();
      expect(await store.users.getUser('u1')).toEqual(ann);
      expect(await store.users.findUserByUsername('ann')).toEqual(ann);
      expect(await store.users.getUser('nobody')).toBeNull();
      expect(await store.users.findUserByUsername('nobody')).toBeNull();
      expect(await store.users.countUsers()).toBe(1);
    });

    it('lists users by creation time, then username', async () => {
      await store.users.createUser(user('u3', { username: 'zed', created_at: T0 - 1 }));
      await store.users.createUser(user('u4', { username: 'bob' }));
      expect((await store.users.listUsers()).map((u) => u.username)).toEqual(['zed', 'ann', 'bob']);
    });

    it('updates only the fields a patch names; an unknown user answers null', async () => {
      const changed = await store.users.updateUser('u4', { password_hash: 'scrypt$new', default_project_id: 'p1', updated_at: T0 + 5 });
      expect(changed).toEqual({ ...user('u4', { username: 'bob' }), password_hash: 'scrypt$new', default_project_id: 'p1', updated_at: T0 + 5 });
      const cleared = await store.users.updateUser('u4', { default_project_id: null, updated_at: T0 + 6 });
      expect(cleared).toMatchObject({ password_hash: 'scrypt$new', default_project_id: null, updated_at: T0 + 6 });
      expect(await store.users.updateUser('nobody', { updated_at: T0 })).toBeNull();
    });

    it('finds a session with its user until it expires', async () => {
      const s = session('tok-1', 'u1', T0 + 100);
      await store.users.createSession(s);
      expect(await store.users.findSession('tok-1', T0 + 99)).toEqual({ session: s, user: await store.users.getUser('u1') });
      expect(await store.users.findSession('tok-1', T0 + 100)).toBeNull();
      expect(await store.users.findSession('tok-unknown', T0)).toBeNull();
    });

    it('deletes one session, a user’s other sessions, and expired sessions', async () => {
      await store.users.createSession(session('tok-2', 'u1', T0 + 1000));
      await store.users.createSession(session('tok-3', 'u1', T0 + 1000));
      await store.users.createSession(session('tok-4', 'u4', T0 + 1000));
      await store.users.deleteSession('tok-2');
      expect(await store.users.findSession('tok-2', T0)).toBeNull();
      await store.users.deleteUserSessions('u1', 'tok-3');
      expect(await store.users.findSession('tok-1', T0)).toBeNull();
      expect((await store.users.findSession('tok-3', T0))?.session.token_hash).toBe('tok-3');
      await store.users.deleteUserSessions('u1');
      expect(await store.users.findSession('tok-3', T0)).toBeNull();
      await store.users.createSession(session('tok-5', 'u4', T0 + 10));
      expect(await store.users.deleteExpiredSessions(T0 + 10)).toBe(1);
      expect(await store.users.deleteExpiredSessions(T0 + 10)).toBe(0);
      expect((await store.users.findSession('tok-4', T0))?.user.user_id).toBe('u4');
    });

    it('deletes a user with their sessions; an unknown user answers false', async () => {
      expect(await store.users.deleteUser('u4')).toBe(true);
      expect(await store.users.deleteUser('u4')).toBe(false);
      expect(await store.users.getUser('u4')).toBeNull();
      expect(await store.users.findSession('tok-4', T0)).toBeNull();
      expect(await store.users.countUsers()).toBe(2);
    });
  });

  membershipContract(name, open);
}
