/** Web UI sign-in on both backends: users, sessions, CSRF, project roles, project header; API keys unchanged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceListResponseSchema } from '@tracehub/core';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, SEED_TRACE, startTestServer } from './helpers.js';
import { asBrowser, signIn, type Browser } from './auth-helpers.js';

const ADMIN_PASSWORD = 'correct horse battery';

describe.each(BACKENDS)('web UI auth on %s', (backend) => {
  let server: RunningServer;
  let admin: Browser;
  beforeAll(async () => {
    server = await startTestServer(backend, { adminPassword: ADMIN_PASSWORD });
    await call(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const wrong = await signIn(server.app, 'admin', 'not the password');
    const unknown = await signIn(server.app, 'nobody', 'whatever-123');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.setCookies).toHaveLength(0);
  });

  it('signs in the first admin with TRACEHUB_ADMIN_PASSWORD and sets httpOnly SameSite=Lax cookies', async () => {
    admin = await signIn(server.app, 'Admin', ADMIN_PASSWORD);
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ user: { username: 'admin', instance_admin: true }, scopes: ['read', 'ingest', 'admin'] });
    const session = admin.setCookies.find((c) => c.name === 'tracehub_session');
    const csrf = admin.setCookies.find((c) => c.name === 'tracehub_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(csrf?.httpOnly).toBeFalsy();
    expect(admin.body.csrf_token).toBe(csrf?.value);
    expect(JSON.stringify(admin.body)).not.toContain('scrypt');
  });

  it('GET /auth/me answers the user, the project and the projects the user is a member of', async () => {
    const me = await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me', undefined, { csrf: false });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { username: 'admin', instance_admin: true }, auth: 'session', csrf_token: admin.csrf, project_role: 'admin' });
    expect(me.body.projects.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([['default', 'admin']]);
    expect(me.body.project_id).toBe(me.body.projects[0].project_id);
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a session cookie reads the API like a key, with no CSRF token needed for reads', async () => {
    const list = await asBrowser(server.app, admin, 'GET', '/api/v1/traces?search=질문', undefined, { csrf: false });
    expect(list.status).toBe(200);
    expect(traceListResponseSchema.parse(list.body).items.map((t) => t.trace_id)).toEqual([SEED_TRACE.trace.trace_id]);
  });

  it('cookie-authenticated changes need the x-csrf-token header matching the cookie', async () => {
    const body = { name: 'ci', scopes: ['ingest'] };
    expect((await asBrowser(server.app, admin, 'POST', '/api/v1/admin/keys', body, { csrf: false })).status).toBe(403);
    const bad = await asBrowser(server.app, admin, 'POST', '/api/v1/admin/keys', body, { csrf: 'forged-token' });
    expect(bad).toMatchObject({ status: 403, body: { error: 'csrf_failed' } });
    const ok = await asBrowser(server.app, admin, 'POST', '/api/v1/admin/keys', body);
    expect(ok.status).toBe(201);
    expect(ok.body.key).toMatch(/^th_/);
  });

  it('API keys keep working exactly as before, with no CSRF token', async () => {
    const res = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'k2', scopes: ['read'] });
    expect(res.status).toBe(201);
    expect((await call(server.app, 'GET', '/api/v1/traces')).status).toBe(200);
    expect((await call(server.app, 'GET', '/api/v1/traces', undefined, 'wrong-key')).status).toBe(401);
  });

  it('x-tracehub-project selects the project; an unknown one is a 403 like a foreign one', async () => {
    const created = await asBrowser(server.app, admin, 'POST', '/api/v1/admin/projects', { name: 'second' });
    expect(created.status).toBe(201);
    const second = created.body.project.project_id as string;
    const inSecond = await asBrowser(server.app, admin, 'GET', '/api/v1/traces', undefined, { project: second });
    expect(inSecond.body.total).toBe(0);
    const inDefault = await asBrowser(server.app, admin, 'GET', '/api/v1/traces');
    expect(inDefault.body.total).toBe(1);
    const unknown = await asBrowser(server.app, admin, 'GET', '/api/v1/traces', undefined, { project: 'nope' });
    expect(unknown).toMatchObject({ status: 403, body: { error: 'project_forbidden' } });
    const me = await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me', undefined, { project: second });
    expect(me.body.project_id).toBe(second);
  });

  it('instance admins create, list, change and delete users', async () => {
    const me = await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me');
    const project = me.body.project_id as string;
    const memberships = [{ project_id: project, role: 'member' }];
    const created = await asBrowser(server.app, admin, 'POST', '/api/v1/users', { username: 'Mina', password: 'mina-password', memberships });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'mina', instance_admin: false, projects: [{ project_id: project, role: 'member' }] });
    expect(created.body.password_hash).toBeUndefined();
    const dup = await asBrowser(server.app, admin, 'POST', '/api/v1/users', { username: 'mina', password: 'other-password' });
    expect(dup.status).toBe(409);
    const short = await asBrowser(server.app, admin, 'POST', '/api/v1/users', { username: 'x1', password: 'short' });
    expect(short).toMatchObject({ status: 400, body: { issues: [{ path: 'password' }] } });
    const list = await asBrowser(server.app, admin, 'GET', '/api/v1/users');
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'mina']);
    const id = created.body.user_id as string;
    const patched = await asBrowser(server.app, admin, 'PATCH', `/api/v1/users/${id}`, { instance_admin: true });
    expect(patched.body.instance_admin).toBe(true);
    expect((await asBrowser(server.app, admin, 'PATCH', `/api/v1/users/${id}`, { instance_admin: false })).body.instance_admin).toBe(false);
    const empty = await asBrowser(server.app, admin, 'PATCH', `/api/v1/users/${id}`, {});
    expect(empty.status).toBe(400);
    expect((await asBrowser(server.app, admin, 'PATCH', '/api/v1/users/missing', { instance_admin: false })).status).toBe(404);
    expect((await asBrowser(server.app, admin, 'DELETE', `/api/v1/users/${id}`)).body).toEqual({ user_id: id, deleted: true });
    expect((await asBrowser(server.app, admin, 'DELETE', `/api/v1/users/${id}`)).status).toBe(404);
  });

  it('the last instance admin can neither be demoted nor delete themselves', async () => {
    const me = await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me');
    const id = me.body.user.user_id as string;
    expect((await asBrowser(server.app, admin, 'PATCH', `/api/v1/users/${id}`, { instance_admin: false })).status).toBe(409);
    expect((await asBrowser(server.app, admin, 'DELETE', `/api/v1/users/${id}`)).status).toBe(409);
  });

  it('a viewer reads but gets 403 on every change; a member ingests but cannot manage users', async () => {
    const project = (await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me')).body.project_id as string;
    const member = (role: string) => [{ project_id: project, role }];
    await asBrowser(server.app, admin, 'POST', '/api/v1/users', { username: 'viewer1', password: 'viewer-password', memberships: member('viewer') });
    await asBrowser(server.app, admin, 'POST', '/api/v1/users', { username: 'member1', password: 'member-password', memberships: member('member') });
    const viewer = await signIn(server.app, 'viewer1', 'viewer-password');
    expect(viewer.body.scopes).toEqual(['read']);
    expect((await asBrowser(server.app, viewer, 'GET', '/api/v1/traces')).status).toBe(200);
    const ingest = await asBrowser(server.app, viewer, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    expect(ingest).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await asBrowser(server.app, viewer, 'POST', '/api/v1/admin/keys', { name: 'x' })).status).toBe(403);
    expect((await asBrowser(server.app, viewer, 'GET', '/api/v1/users')).status).toBe(403);
    expect((await asBrowser(server.app, viewer, 'DELETE', '/api/v1/admin/keys/any')).status).toBe(403);
    const memberBrowser = await signIn(server.app, 'member1', 'member-password');
    expect(memberBrowser.body.scopes).toEqual(['read', 'ingest']);
    const ok = await asBrowser(server.app, memberBrowser, 'POST', '/api/v1/evals', { trace_id: SEED_TRACE.trace.trace_id, eval_name: 'm', score: 1 });
    expect(ok.status).toBe(200);
    expect((await asBrowser(server.app, memberBrowser, 'GET', '/api/v1/users')).status).toBe(403);
    expect((await asBrowser(server.app, memberBrowser, 'POST', '/api/v1/admin/keys', { name: 'x' })).status).toBe(403);
    expect((await asBrowser(server.app, viewer, 'POST', '/api/v1/auth/logout')).status).toBe(200);
  });

  it('a new password ends the user’s other sessions; logout ends the session', async () => {
    await asBrowser(server.app, admin, 'POST', '/api/v1/users', { username: 'sam', password: 'sam-password-1' });
    const sam = await signIn(server.app, 'sam', 'sam-password-1');
    const id = (sam.body.user as { user_id: string }).user_id;
    expect((await asBrowser(server.app, sam, 'GET', '/api/v1/auth/me')).status).toBe(200);
    await asBrowser(server.app, admin, 'PATCH', `/api/v1/users/${id}`, { password: 'sam-password-2' });
    expect((await asBrowser(server.app, sam, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await signIn(server.app, 'sam', 'sam-password-1')).status).toBe(401);
    const again = await signIn(server.app, 'sam', 'sam-password-2');
    expect(again.status).toBe(200);
    const out = await asBrowser(server.app, again, 'POST', '/api/v1/auth/logout');
    expect(out.status).toBe(200);
    expect((await asBrowser(server.app, again, 'GET', '/api/v1/auth/me')).status).toBe(401);
    // The admin's own session survived all of this.
    expect((await asBrowser(server.app, admin, 'GET', '/api/v1/auth/me')).status).toBe(200);
  });

  it('no API key manages users or projects, not even an admin key (instance administration is not project administration)', async () => {
    expect(await call(server.app, 'GET', '/api/v1/users')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await call(server.app, 'GET', '/api/v1/admin/projects')).status).toBe(403);
    expect((await call(server.app, 'POST', '/api/v1/admin/projects', { name: 'by-key' })).status).toBe(403);
    const key = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'ing', scopes: ['ingest'] })).body.key;
    expect((await call(server.app, 'GET', '/api/v1/users', undefined, key)).status).toBe(403);
  });
});
