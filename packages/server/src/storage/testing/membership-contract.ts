/**
 * The storage contract of users and project memberships: behaviour every backend must show through
 * the UserStore seam (which includes the MembershipStore). A new backend is done when this passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { UserRow } from '../user-store.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;

function userRow(id: string, extra: Partial<UserRow> = {}): UserRow {
  return { user_id: id, username: id, password_hash: 'scrypt$x', instance_admin: false, default_project_id: null, created_at: T0, updated_at: T0, ...extra };
}

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function membershipContract(name: string, open: () => Promise<Store>): void {
  describe(`user and membership store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
      for (const [id, at] of [['pa', T0], ['pb', T0 + 1], ['pc', T0 + 2]] as const) {
        await store.projects.createProject({ project_id: id, name: `project ${id}`, created_at: at });
      }
    });
    afterAll(async () => {
      await store.close();
    });

    it('stores the instance-administrator flag and changes it', async () => {
      expect(await store.users.createUser(userRow('root', { instance_admin: true }))).toMatchObject({ instance_admin: true });
      await store.users.createUser(userRow('uma'));
      expect((await store.users.getUser('root'))?.instance_admin).toBe(true);
      expect((await store.users.getUser('uma'))?.instance_admin).toBe(false);
      expect((await store.users.updateUser('uma', { instance_admin: true, updated_at: T0 + 5 }))?.instance_admin).toBe(true);
      expect((await store.users.updateUser('uma', { instance_admin: false, updated_at: T0 + 6 }))?.instance_admin).toBe(false);
      expect((await store.users.listUsers()).map((u) => [u.username, u.instance_admin])).toEqual([
        ['root', true],
        ['uma', false],
      ]);
      await store.users.createSession({ token_hash: 'th1', user_id: 'root', csrf_token: 'c', created_at: T0, expires_at: T0 + 1e9 });
      expect((await store.users.findSession('th1', T0))?.user).toMatchObject({ user_id: 'root', instance_admin: true });
    });

    it('adds, changes and removes memberships; lists a user’s projects oldest first with names', async () => {
      expect(await store.users.listUserProjects('uma')).toEqual([]);
      await store.users.putMembership({ project_id: 'pc', user_id: 'uma', role: 'viewer', created_at: T0 + 10 });
      await store.users.putMembership({ project_id: 'pa', user_id: 'uma', role: 'member', created_at: T0 + 11 });
      expect(await store.users.listUserProjects('uma')).toEqual([
        { project_id: 'pa', name: 'project pa', created_at: T0, role: 'member' },
        { project_id: 'pc', name: 'project pc', created_at: T0 + 2, role: 'viewer' },
      ]);
      // Changing the role keeps the first created_at.
      const changed = await store.users.putMembership({ project_id: 'pc', user_id: 'uma', role: 'admin', created_at: T0 + 99 });
      expect(changed).toEqual({ project_id: 'pc', user_id: 'uma', role: 'admin', created_at: T0 + 10 });
      expect(await store.users.getMembership('pc', 'uma')).toEqual(changed);
      expect(await store.users.getMembership('pb', 'uma')).toBeNull();
      expect(await store.users.removeMembership('pc', 'uma')).toBe(true);
      expect(await store.users.removeMembership('pc', 'uma')).toBe(false);
      expect((await store.users.listUserProjects('uma')).map((p) => p.project_id)).toEqual(['pa']);
    });

    it('lists a project’s members by username and every membership of the instance', async () => {
      await store.users.putMembership({ project_id: 'pa', user_id: 'root', role: 'admin', created_at: T0 + 12 });
      expect((await store.users.listProjectMembers('pa')).map((m) => [m.username, m.role])).toEqual([
        ['root', 'admin'],
        ['uma', 'member'],
      ]);
      expect(await store.users.listProjectMembers('pb')).toEqual([]);
      expect((await store.users.listAllMemberships()).map((m) => `${m.project_id}:${m.user_id}:${m.role}`)).toEqual(['pa:root:admin', 'pa:uma:member']);
    });

    it('adds a user to every project once, keeping existing roles', async () => {
      expect(await store.users.addToEveryProject('uma', 'viewer', T0 + 20)).toBe(2);
      expect(await store.users.addToEveryProject('uma', 'viewer', T0 + 21)).toBe(0);
      expect((await store.users.listUserProjects('uma')).map((p) => [p.project_id, p.role])).toEqual([
        ['pa', 'member'],
        ['pb', 'viewer'],
        ['pc', 'viewer'],
      ]);
    });

    it('deleting a user deletes their memberships and sessions', async () => {
      expect(await store.users.deleteUser('root')).toBe(true);
      expect(await store.users.findSession('th1', T0)).toBeNull();
      expect((await store.users.listProjectMembers('pa')).map((m) => m.user_id)).toEqual(['uma']);
      expect((await store.users.listAllMemberships()).some((m) => m.user_id === 'root')).toBe(false);
    });
  });
}
