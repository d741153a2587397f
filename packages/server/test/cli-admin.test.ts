/**
 * `tracehub admin …` on both backends: the built CLI opens the server's store directly (the server
 * here is not even listening), manages users, projects and members, and fails with one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../src/server.js';
import { BACKENDS, createTestDatabase, tempDir } from '../src/storage/testing/test-stores.js';
import { testConfig } from './helpers.js';
import { asBrowser, signIn } from './auth-helpers.js';
import { oneLineError, runCli } from './cli-harness.js';

describe.each(BACKENDS)('tracehub admin on %s', (backend) => {
  let server: RunningServer;
  let env: Record<string, string>;
  const cwd = tempDir('tracehub-admin-cli-');
  const admin = (...args: string[]) => runCli(['admin', ...args], cwd, env);

  beforeAll(async () => {
    const dataDir = tempDir();
    const databaseUrl = backend === 'postgres' ? await createTestDatabase() : undefined;
    env = { TRACEHUB_DATA_DIR: dataDir, TRACEHUB_DATABASE_URL: databaseUrl ?? '' };
    server = await createServer(testConfig({ dataDir, databaseUrl, adminPassword: 'admin-password-1' }), { logger: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists users and creates a project with an admin member and a working key', async () => {
    const users = await admin('users', 'list', '--json');
    expect(users.code).toBe(0);
    expect(JSON.parse(users.stdout)).toEqual([expect.objectContaining({ username: 'admin', instance_admin: true, projects: [expect.objectContaining({ name: 'default', role: 'admin' })] })]);
    const created = await admin('projects', 'create', 'alpha', '--admin', 'admin');
    expect(created.code).toBe(0);
    const key = created.stdout.match(/admin API key: (th_\S+)/)?.[1] as string;
    expect(key).toBeTruthy();
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': key } });
    expect(me.json().projects.map((p: { name: string }) => p.name)).toEqual(['alpha']);
    const list = await admin('projects', 'list');
    expect(list.stdout).toMatch(/alpha\s+\S+\s+1/);
  });

  it('creates a user, adds them to one project, and they see only that project', async () => {
    expect((await admin('users', 'create', 'Mina', '--password', 'mina-password')).code).toBe(0);
    const added = await admin('members', 'add', 'alpha', 'mina', '--role', 'member');
    expect(added).toMatchObject({ code: 0, stdout: 'mina is member of alpha\n' });
    const mina = await signIn(server.app, 'mina', 'mina-password');
    expect(mina.body.scopes).toEqual(['read', 'ingest']);
    const me = await asBrowser(server.app, mina, 'GET', '/api/v1/auth/me');
    expect(me.body.projects.map((p: { name: string }) => p.name)).toEqual(['alpha']);
    const members = await admin('members', 'list', 'alpha', '--json');
    expect(JSON.parse(members.stdout)).toEqual([{ username: 'admin', role: 'admin' }, { username: 'mina', role: 'member' }]);
    expect((await admin('members', 'remove', 'alpha', 'mina')).code).toBe(0);
    expect((await asBrowser(server.app, mina, 'GET', '/api/v1/auth/me')).body.projects).toEqual([]);
  });

  it('sets passwords and the instance-administrator flag, keeping the last instance admin', async () => {
    const reset = await admin('users', 'set-password', 'mina');
    const password = reset.stdout.match(/password: (\S+) \(shown once\)/)?.[1] as string;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect((await signIn(server.app, 'mina', password)).status).toBe(200);
    expect((await admin('users', 'set-instance-admin', 'mina')).stdout).toContain('mina is now an instance administrator');
    expect((await admin('users', 'set-instance-admin', 'admin', '--off')).code).toBe(0);
    const last = await admin('users', 'set-instance-admin', 'mina', '--off');
    expect(oneLineError(last)).toMatch(/^error: "mina" is the last instance administrator/);
  });

  it('fails with one line and a non-zero exit', async () => {
    expect(oneLineError(await admin('members', 'add', 'no-such-project', 'mina'))).toMatch(/^error: No project has the id or name "no-such-project"/);
    expect(oneLineError(await admin('members', 'add', 'alpha', 'ghost'))).toMatch(/^error: No user is named "ghost"/);
    expect(oneLineError(await admin('users', 'create', 'mina', '--password', 'other-password'))).toMatch(/already exists/);
    expect(oneLineError(await admin('users', 'create', 'x', '--password', 'short'))).toMatch(/^error: .*must be/);
    expect(oneLineError(await admin('members', 'add', 'alpha', 'mina', '--role', 'owner'))).toMatch(/--role must be admin, member or viewer/);
    // stdin is empty here: --password-stdin refuses instead of setting an empty password.
    expect(oneLineError(await admin('users', 'set-password', 'mina', '--password-stdin'))).toMatch(/^error: --password-stdin read an empty line/);
    if (backend === 'sqlite') {
      const missing = await runCli(['admin', 'users', 'list'], cwd, { TRACEHUB_DATA_DIR: tempDir(), TRACEHUB_DATABASE_URL: '' });
      expect(oneLineError(missing)).toMatch(/^error: No Trace Hub database at .*TRACEHUB_DATA_DIR/);
    }
  });
});
