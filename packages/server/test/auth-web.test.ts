/** Serving the web UI: SPA fallback for pages, JSON 404 for unknown API paths, generated admin password. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../src/server.js';
import { buildApp } from '../src/app.js';
import { createTestStore, tempDir } from '../src/storage/testing/test-stores.js';
import { loadPriceTable } from '../src/prices.js';
import { createAuthService } from '../src/auth/auth-service.js';
import { testConfig } from './helpers.js';
import { signIn } from './auth-helpers.js';

describe('web UI serving', () => {
  const dist = tempDir('tracehub-web-');
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-abc.js'), 'console.log(1)');
    const store = await createTestStore('sqlite');
    await store.migrate();
    await createAuthService(store.projects, () => Date.now() * 1000).bootstrap('dev-key');
    app = await buildApp({ config: testConfig(), store, prices: loadPriceTable(undefined), logger: false, webDist: dist });
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves index.html for client-side routes and files as they are', async () => {
    for (const url of ['/', '/traces', '/traces/abc?status=error', '/settings/users']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('id="root"');
    }
    const asset = await app.inject({ method: 'GET', url: '/assets/app-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('unknown API paths still answer the JSON 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
    const v1 = await app.inject({ method: 'GET', url: '/api/v1/nothing', headers: { 'x-api-key': 'dev-key' } });
    expect(v1.statusCode).toBe(404);
    expect(v1.json()).toMatchObject({ error: 'not_found' });
    expect((await app.inject({ method: 'POST', url: '/traces' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
  });

  it('documents the sign-in and user routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/auth/login'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/v1/users/{user_id}']).sort()).toEqual(['delete', 'patch']);
    expect((await app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});

describe('first start without TRACEHUB_ADMIN_PASSWORD', () => {
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = { write: (line: string) => lines.push(line) };
    const store = await createTestStore('sqlite');
    server = await createServer(testConfig({ dataDir: tempDir() }), { store, logger: { level: 'info', stream } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('generates the admin password and prints it once in the log', async () => {
    const entries = lines.map((l) => JSON.parse(l) as { msg: string; password?: string });
    const created = entries.filter((e) => e.password);
    expect(created).toHaveLength(1);
    const password = created[0].password as string;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(created[0].msg).toContain(password);
    expect((await signIn(server.app, 'admin', password)).status).toBe(200);
  });
});
