/**
 * Instance administration is not project administration, on both backends: with projects A and B,
 * B's keys and B's members never manage users or projects and never learn A's name or id; a
 * project admin cannot make themselves instance admin; project admins manage only their own members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, SEED_TRACE, startTestServer } from './helpers.js';
import { asBrowser, signIn, type Browser } from './auth-helpers.js';

const ADMIN_PASSWORD = 'correct horse battery';
const NAME_A = 'alpha-secret-project';

describe.each(BACKENDS)('projects and memberships on %s', (backend) => {
  let server: RunningServer;
  let admin: Browser;
  let idA: string;
  let idB: string;
  let keyB: string;
  const users: Record<string, string> = {};
  /** Fails when any answer mentions project A. */
  const expectNoA = (answer: unknown) => {
    const text = JSON.stringify(answer);
    expect(text).not.toContain(idA);
    expect(text).not.toContain(NAME_A);
  };

  beforeAll(async () => {
    server = await startTestServer(backend, { adminPassword: ADMIN_PASSWORD });
    admin = await signIn(server.app, 'admin', ADMIN_PASSWORD);
    const a = await asBrowser(server.app, admin, 'POST', '/api/v1/admin/projects', { name: NAME_A });
    const b = await asBrowser(server.app, admin, 'POST', '/api/v1/admin/projects', { name: 'beta' });
    expect([a.status, b.status]).toEqual([201, 201]);
    idA = a.body.project.project_id;
    idB = b.body.project.project_id;
    keyB = b.body.api_key.key;
    expect(b.body.api_key.scopes).toContain('admin');
    await call(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE, a.body.api_key.key);
    const create = async (username: string, memberships: Array<{ project_id: string; role: string }>) => {
      const res = await asBrowser(server.app, admin, 'POST', '/api/v1/users', { username, password: `${username}-password`, memberships });
      expect(res.status).toBe(201);
      users[username] = res.body.user_id;
    };
    await create('bob', [{ project_id: idB, role: 'admin' }]);
    await create('ann', [{ project_id: idA, role: 'admin' }]);
    await create('carl', []);
  });
  afterAll(async () => {
    await server.close();
  });

  it('the creator of a project is its admin member and sees it in /auth/me', async () => {
    const me = await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me');
    expect(me.body.projects.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([
      ['default', 'admin'],
      [NAME_A, 'admin'],
      ['beta', 'admin'],
    ]);
  });

  it("project B's admin key gets 403 on user and project management", async () => {
    const denied = [
      await call(server.app, 'GET', '/api/v1/users', undefined, keyB),
      await call(server.app, 'POST', '/api/v1/users', { username: 'evil', password: 'evil-password', instance_admin: true }, keyB),
      await call(server.app, 'DELETE', `/api/v1/users/${users.ann}`, undefined, keyB),
      await call(server.app, 'GET', '/api/v1/admin/projects', undefined, keyB),
      await call(server.app, 'POST', '/api/v1/admin/projects', { name: 'by-key' }, keyB),
      await call(server.app, 'GET', `/api/v1/admin/projects/${idB}/members`, undefined, keyB),
      await call(server.app, 'GET', `/api/v1/admin/projects/${idA}/members`, undefined, keyB),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expectNoA(res.body);
    }
    const patch = await server.app.inject({
      method: 'PATCH', url: `/api/v1/users/${users.bob}`, headers: { 'x-api-key': keyB, 'content-type': 'application/json' }, payload: { instance_admin: true },
    });
    expect(patch.statusCode).toBe(403);
    // It still manages its own project's keys.
    const key = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'b-ingest', scopes: ['ingest'] }, keyB);
    expect(key.status).toBe(201);
    expect((await call(server.app, 'GET', '/api/v1/admin/keys', undefined, keyB)).body.items).toHaveLength(2);
  });

  it("no answer to project B's keys reveals project A", async () => {
    const ingestKey = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'b-only-ingest', scopes: ['ingest'] }, keyB)).body.key;
    for (const key of [keyB, ingestKey]) {
      const me = await call(server.app, 'GET', '/api/v1/auth/me', undefined, key);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ auth: 'api_key', project_id: idB, projects: [{ project_id: idB, name: 'beta' }] });
      expectNoA(me.body);
    }
    const traces = await call(server.app, 'GET', '/api/v1/traces', undefined, keyB);
    expect(traces.body.total).toBe(0);
    const foreign = await call(server.app, 'GET', `/api/v1/traces/${SEED_TRACE.trace.trace_id}`, undefined, keyB);
    expect(foreign.status).toBe(404);
    expectNoA(foreign.body);
    // A project header is ignored for keys: the key's project always wins.
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/traces', headers: { 'x-api-key': keyB, 'x-tracehub-project': idA } });
    expect(res.json().total).toBe(0);
  });

  it('a UI member of B alone never sees A: me, project header, project list, users', async () => {
    const bob = await signIn(server.app, 'bob', 'bob-password');
    expect(bob.body.scopes).toEqual(['read', 'ingest', 'admin']);
    expectNoA(bob.body);
    const me = await asBrowser(server.app, bob, 'GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({ project_id: idB, project_role: 'admin', user: { instance_admin: false } });
    expect(me.body.projects.map((p: { project_id: string }) => p.project_id)).toEqual([idB]);
    expectNoA(me.body);
    // Naming A (or a project that does not exist) is the same 403, saying nothing about either.
    const inA = await asBrowser(server.app, bob, 'GET', '/api/v1/traces', undefined, { project: idA });
    const inNone = await asBrowser(server.app, bob, 'GET', '/api/v1/traces', undefined, { project: 'no-such-project' });
    expect(inA).toMatchObject({ status: 403, body: { error: 'project_forbidden' } });
    expect(inNone.status).toBe(403);
    expect(inA.body.message.replace(idA, 'X')).toBe(inNone.body.message.replace('no-such-project', 'X'));
    expectNoA(inA.body.message.replace(idA, ''));
    // A stale choice on /auth/me falls back to a member project instead of failing.
    const stale = await asBrowser(server.app, bob, 'GET', '/api/v1/auth/me', undefined, { project: idA });
    expect(stale.body.project_id).toBe(idB);
    expectNoA(stale.body);
    for (const [method, url] of [['GET', '/api/v1/admin/projects'], ['GET', '/api/v1/users'], ['GET', `/api/v1/admin/projects/${idA}/members`]] as const) {
      const res = await asBrowser(server.app, bob, method, url);
      expect(res.status).toBe(403);
      expectNoA(res.body);
    }
    expect((await asBrowser(server.app, bob, 'POST', '/api/v1/admin/projects', { name: 'bobs' })).status).toBe(403);
  });

  it('a project-A admin cannot make themselves instance admin or create users', async () => {
    const ann = await signIn(server.app, 'ann', 'ann-password');
    const self = await asBrowser(server.app, ann, 'PATCH', `/api/v1/users/${users.ann}`, { instance_admin: true });
    expect(self.status).toBe(403);
    const created = await asBrowser(server.app, ann, 'POST', '/api/v1/users', { username: 'ann2', password: 'ann2-password', instance_admin: true });
    expect(created.status).toBe(403);
    const me = await asBrowser(server.app, ann, 'GET', '/api/v1/auth/me');
    expect(me.body.user.instance_admin).toBe(false);
    // Nor can the membership API touch the flag or another project.
    const toB = await asBrowser(server.app, ann, 'POST', `/api/v1/admin/projects/${idB}/members`, { username: 'ann', role: 'admin' });
    expect(toB.status).toBe(403);
    const list = (await asBrowser(server.app, admin, 'GET', '/api/v1/users')).body.items as Array<{ username: string; instance_admin: boolean }>;
    expect(list.filter((u) => u.instance_admin).map((u) => u.username)).toEqual(['admin']);
  });

  it('a project admin manages the members of their own project, existing users only', async () => {
    const bob = await signIn(server.app, 'bob', 'bob-password');
    const add = await asBrowser(server.app, bob, 'POST', `/api/v1/admin/projects/${idB}/members`, { username: 'carl', role: 'viewer' });
    expect(add).toMatchObject({ status: 201, body: { username: 'carl', role: 'viewer' } });
    expect((await asBrowser(server.app, bob, 'POST', `/api/v1/admin/projects/${idB}/members`, { username: 'ghost' })).status).toBe(404);
    const list = await asBrowser(server.app, bob, 'GET', `/api/v1/admin/projects/${idB}/members`);
    expect(list.body.items.map((m: { username: string; role: string }) => [m.username, m.role])).toEqual([
      ['admin', 'admin'],
      ['bob', 'admin'],
      ['carl', 'viewer'],
    ]);
    const carl = await signIn(server.app, 'carl', 'carl-password');
    expect(carl.body.scopes).toEqual(['read']);
    const carlMe = await asBrowser(server.app, carl, 'GET', '/api/v1/auth/me');
    expect(carlMe.body.projects.map((p: { name: string }) => p.name)).toEqual(['beta']);
    expect((await asBrowser(server.app, carl, 'POST', '/api/v1/ingest/traces', SEED_TRACE)).status).toBe(403);
    const promoted = await asBrowser(server.app, bob, 'PUT', `/api/v1/admin/projects/${idB}/members/${users.carl}`, { role: 'member' });
    expect(promoted.body.role).toBe('member');
    expect((await signIn(server.app, 'carl', 'carl-password')).body.scopes).toEqual(['read', 'ingest']);
    // Admin members of B: admin and bob. Removing admin leaves bob, who cannot then leave B without an admin.
    expect((await asBrowser(server.app, bob, 'DELETE', `/api/v1/admin/projects/${idB}/members/${(await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me')).body.user.user_id}`)).status).toBe(200);
    const last = await asBrowser(server.app, bob, 'PUT', `/api/v1/admin/projects/${idB}/members/${users.bob}`, { role: 'member' });
    expect(last).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect((await asBrowser(server.app, bob, 'DELETE', `/api/v1/admin/projects/${idB}/members/${users.carl}`)).status).toBe(200);
    const carlAfter = await asBrowser(server.app, carl, 'GET', '/api/v1/auth/me');
    expect(carlAfter.body).toMatchObject({ project_id: null, projects: [], scopes: [] });
    expect((await asBrowser(server.app, carl, 'GET', '/api/v1/traces')).status).toBe(403);
  });

  it('instance admins list every project and manage any project’s members; membership grants the data', async () => {
    const all = await asBrowser(server.app, admin, 'GET', '/api/v1/admin/projects');
    expect(all.body.items.map((p: { name: string }) => p.name)).toEqual(['default', NAME_A, 'beta']);
    // admin left B above: B is gone from the switcher and its data is out of reach until re-added.
    const me = await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me');
    expect(me.body.projects.map((p: { name: string }) => p.name)).toEqual(['default', NAME_A]);
    expect((await asBrowser(server.app, admin, 'GET', '/api/v1/traces', undefined, { project: idB })).status).toBe(403);
    const members = await asBrowser(server.app, admin, 'GET', `/api/v1/admin/projects/${idB}/members`);
    expect(members.body.items.map((m: { username: string }) => m.username)).toEqual(['bob']);
    const adminId = me.body.user.user_id as string;
    expect((await asBrowser(server.app, admin, 'PUT', `/api/v1/admin/projects/${idB}/members/${adminId}`, { role: 'viewer' })).status).toBe(200);
    expect((await asBrowser(server.app, admin, 'GET', '/api/v1/traces', undefined, { project: idB })).status).toBe(200);
    expect((await asBrowser(server.app, admin, 'GET', '/api/v1/admin/projects/nope/members')).status).toBe(404);
    // Instance admins may still manage users while their current project role is viewer.
    const made = await asBrowser(server.app, admin, 'POST', '/api/v1/users', { username: 'dora', password: 'dora-password' }, { project: idB });
    expect(made.status).toBe(201);
  });

  it('deleting a user removes their memberships; the last instance admin stays', async () => {
    expect((await asBrowser(server.app, admin, 'DELETE', `/api/v1/users/${users.carl}`)).status).toBe(200);
    const members = await asBrowser(server.app, admin, 'GET', `/api/v1/admin/projects/${idB}/members`);
    expect(members.body.items.map((m: { username: string }) => m.username)).not.toContain('carl');
    await asBrowser(server.app, admin, 'PATCH', `/api/v1/users/${users.ann}`, { instance_admin: true });
    const ann = await signIn(server.app, 'ann', 'ann-password');
    const adminId = (await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me')).body.user.user_id as string;
    expect((await asBrowser(server.app, ann, 'PATCH', `/api/v1/users/${adminId}`, { instance_admin: false })).body.instance_admin).toBe(false);
    expect((await asBrowser(server.app, ann, 'PATCH', `/api/v1/users/${users.ann}`, { instance_admin: false })).status).toBe(409);
    expect((await asBrowser(server.app, ann, 'DELETE', `/api/v1/users/${users.ann}`)).status).toBe(409);
  });
});
