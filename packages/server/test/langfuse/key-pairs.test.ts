// Langfuse-style key pairs: `POST /api/v1/admin/keys` with `format: 'langfuse'` issues a `pk-lf-…` /
// `sk-lf-…` pair with the asked scopes, the key list shows the public key, and the real `langfuse`
// 3.x SDK configured with only the pair and the server's address reads the key's project.
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, call, startTestServer } from '../helpers.js';


describe('Langfuse key pairs', () => {
  let server: RunningServer;
  let baseUrl: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('issues a pk-lf/sk-lf pair with the asked scopes; the list shows the public key, never the secret', async () => {
    const created = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'langfuse sdk', scopes: ['ingest'], format: 'langfuse' });
    expect(created.status).toBe(201);
    const pair = created.body;
    expect(pair.secret_key).toMatch(/^sk-lf-[\w-]{40}$/);
    expect(pair.key).toBe(pair.secret_key);
    expect(pair.public_key).toBe(`pk-lf-${pair.key_id}`);
    expect(pair).toMatchObject({ name: 'langfuse sdk', scopes: ['ingest'], key_prefix: pair.secret_key.slice(0, 8) });
    const list = (await call(server.app, 'GET', '/api/v1/admin/keys')).body.items;
    const listed = list.find((k: { key_id: string }) => k.key_id === pair.key_id);
    expect(listed).toEqual(expect.objectContaining({ public_key: pair.public_key, scopes: ['ingest'] }));
    expect(JSON.stringify(list)).not.toContain(pair.secret_key);
    // A plain key has no public key; the default format stays th_.
    const plain = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'plain' });
    expect(plain.body.key).toMatch(/^th_/);
    expect(plain.body).not.toHaveProperty('public_key');
    // The scopes hold: an ingest-only pair cannot read traces.
    const read = await server.app.inject({ method: 'GET', url: '/api/v1/traces', headers: { authorization: basicAuth(pair.public_key, pair.secret_key) } });
    expect(read.statusCode).toBe(403);
  });

  it('refuses an unknown format with 400', async () => {
    const bad = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'x', format: 'openai' });
    expect(bad.status).toBe(400);
  });

  it('works with the langfuse 3.x SDK, and stops working once revoked', async () => {
    const pair = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'sdk', scopes: ['ingest', 'read'], format: 'langfuse' })).body;
    const langfuse = new Langfuse({ publicKey: pair.public_key, secretKey: pair.secret_key, baseUrl });
    const projects = await langfuse.api.projectsGet();
    expect(projects.data.map((p) => p.name)).toEqual(['default']);
    await langfuse.shutdownAsync();
    expect((await call(server.app, 'DELETE', `/api/v1/admin/keys/${pair.key_id}`)).status).toBe(200);
    const revoked = new Langfuse({ publicKey: pair.public_key, secretKey: pair.secret_key, baseUrl });
    await expect(revoked.api.projectsGet()).rejects.toBeTruthy();
    await revoked.shutdownAsync();
  });
});
