/**
 * A run's artifacts through the API: upload (manifest, then each file checked against it), list,
 * download, delete with the run; every bad upload a clear 4xx. On the disk backend, and once end to
 * end on an S3-compatible server (s3rver) started here.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactListSchema } from '@tracehub/core';
import type { RunningServer } from '../src/server.js';
import { startTestS3Server, type TestS3Server } from '../src/artifacts/testing/s3-test-server.js';
import { call, startTestServer } from './helpers.js';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const FILES: Record<string, Buffer> = {
  'report.md': Buffer.from('# 실험 보고서\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'),
  'items.jsonl': Buffer.from('{"key":"c1"}\n{"key":"c2"}\n'),
  'report.xlsx': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 255]),
  'analysis/분석.json': Buffer.from('{"ok":true}\n'),
  'reports/nested/deep.html': Buffer.from('<p>x</p>'),
};

function manifest(runId: string, files = FILES) {
  return {
    run_id: runId, experiment_name: 'exp', created_at: '2026-12-07T00:00:00.000Z', status: 'completed',
    files: Object.entries(files).map(([path, data]) => ({ path, sha256: sha(data), bytes: data.length })),
  };
}

const runBody = (runId: string) => ({
  run: {
    run_id: runId, name: `exp ${runId}`, status: 'completed', dataset_name: 'qa', dataset_version: '1', model_name: 'm',
    started_at: '2026-12-07T00:00:00Z', summary: {}, metrics: {},
  },
  items: [],
});

const filePath = (runId: string, path: string) => `/api/v1/experiments/${runId}/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;

async function put(server: RunningServer, url: string, payload: Buffer | string, key = 'dev-key', type = 'application/octet-stream') {
  const answer = await server.app.inject({ method: 'PUT', url, headers: { 'x-api-key': key, 'content-type': type }, payload });
  return { status: answer.statusCode, body: answer.body ? JSON.parse(answer.body) : null };
}

async function upload(server: RunningServer, runId: string, files = FILES) {
  const registered = await put(server, `/api/v1/experiments/${runId}/artifacts`, JSON.stringify(manifest(runId, files)), 'dev-key', 'application/json');
  expect(registered.status).toBe(200);
  for (const [path, data] of Object.entries(files)) expect((await put(server, filePath(runId, path), data)).status).toBe(200);
}

async function storeRun(server: RunningServer, runId: string) {
  expect((await call(server.app, 'POST', '/api/v1/experiments', runBody(runId))).status).toBe(201);
}

function checksDownloads(get: () => RunningServer, runId: string) {
  return async () => {
    const server = get();
    for (const [path, data] of Object.entries(FILES)) {
      const answer = await server.app.inject({ method: 'GET', url: filePath(runId, path), headers: { 'x-api-key': 'dev-key' } });
      expect(answer.statusCode).toBe(200);
      expect(Buffer.compare(answer.rawPayload, data)).toBe(0);
      expect(answer.headers['content-disposition']).toContain('attachment');
    }
  };
}

describe('experiment artifacts API (disk)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { artifacts: { backend: { kind: 'disk', dir: `${process.env.TMPDIR ?? '/tmp'}/th-art-${process.pid}-${Date.now()}` }, maxFileBytes: 1024, retentionDays: 0 } });
    await storeRun(server, 'run-1');
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists nothing before an upload, then every file with its manifest, and downloads them byte-identical', async () => {
    const empty = await call(server.app, 'GET', '/api/v1/experiments/run-1/artifacts');
    expect(empty.body).toEqual({ run_id: 'run-1', uploaded_at: null, complete: false, files: [] });

    const registered = await put(server, '/api/v1/experiments/run-1/artifacts', JSON.stringify(manifest('run-1')), 'dev-key', 'application/json');
    expect(registered.status).toBe(200);
    expect(registered.body.complete).toBe(false);
    expect(registered.body.files.filter((f: { uploaded: boolean }) => !f.uploaded).length).toBe(5);

    await upload(server, 'run-1');
    const listed = artifactListSchema.parse((await call(server.app, 'GET', '/api/v1/experiments/run-1/artifacts')).body);
    expect(listed.complete).toBe(true);
    expect(listed.files.map((f) => f.path)).toEqual(['manifest.json', ...Object.keys(FILES)]);
    expect(listed.files.find((f) => f.path === 'report.md')?.content_type).toBe('text/markdown; charset=utf-8');

    await checksDownloads(() => server, 'run-1')();
    const md = await server.app.inject({ method: 'GET', url: filePath('run-1', 'report.md'), headers: { 'x-api-key': 'dev-key' } });
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.headers['x-content-type-options']).toBe('nosniff');
    const xlsx = await server.app.inject({ method: 'GET', url: filePath('run-1', 'report.xlsx'), headers: { 'x-api-key': 'dev-key' } });
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename=report.xlsx');
    const korean = await server.app.inject({ method: 'GET', url: filePath('run-1', 'analysis/분석.json'), headers: { 'x-api-key': 'dev-key' } });
    expect(korean.headers['content-disposition']).toContain("filename*=UTF-8''%EB%B6%84%EC%84%9D.json");
    const stored = await server.app.inject({ method: 'GET', url: filePath('run-1', 'manifest.json'), headers: { 'x-api-key': 'dev-key' } });
    expect(stored.body).toBe(`${JSON.stringify(manifest('run-1'), null, 2)}\n`);
  });

  it('refuses bytes that do not match the manifest, files it does not list, and oversize files', async () => {
    await storeRun(server, 'run-2');
    expect((await put(server, filePath('run-2', 'report.md'), 'x')).status).toBe(409); // no manifest yet
    await put(server, '/api/v1/experiments/run-2/artifacts', JSON.stringify(manifest('run-2')), 'dev-key', 'application/json');
    const tampered = Buffer.from(FILES['report.md']);
    tampered[0] = 0x21;
    const mismatch = await put(server, filePath('run-2', 'report.md'), tampered);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toMatchObject({ error: 'artifact_mismatch' });
    expect(mismatch.body.message).toContain('sha256');
    expect((await put(server, filePath('run-2', 'report.md'), Buffer.concat([FILES['report.md'], Buffer.from('more')]))).body.error).toBe('artifact_mismatch');
    expect((await put(server, filePath('run-2', 'other.md'), 'x')).body).toMatchObject({ error: 'not_in_manifest' });
    expect((await put(server, filePath('run-2', 'report.md'), '{}', 'dev-key', 'application/json')).status).toBe(400);
    // Nothing unverified is listed or served.
    const listed = (await call(server.app, 'GET', '/api/v1/experiments/run-2/artifacts')).body;
    expect(listed.files.find((f: { path: string }) => f.path === 'report.md').uploaded).toBe(false);
    expect((await server.app.inject({ method: 'GET', url: filePath('run-2', 'report.md'), headers: { 'x-api-key': 'dev-key' } })).statusCode).toBe(404);

    // The server takes files up to maxFileBytes (1 KB here): a manifest naming a bigger one is 413, so is a bigger body.
    const big = Buffer.alloc(2048, 1);
    const tooBig = await put(server, '/api/v1/experiments/run-2/artifacts', JSON.stringify(manifest('run-2', { 'big.bin': big })), 'dev-key', 'application/json');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.message).toContain('TRACEHUB_ARTIFACT_MAX_FILE_MB');
    expect((await put(server, filePath('run-2', 'report.md'), big)).status).toBe(413);
  });

  it('refuses paths that escape the results folder, unknown runs and mismatched manifests with a 4xx', async () => {
    await storeRun(server, 'run-3');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a\\b', 'a\u0000b', 'C:/x', 'a//b', './a', '', 'manifest.json']) {
      const answer = await put(server, '/api/v1/experiments/run-3/artifacts', JSON.stringify(manifest('run-3', { [bad]: Buffer.from('x') })), 'dev-key', 'application/json');
      expect([JSON.stringify(bad), answer.status]).toEqual([JSON.stringify(bad), 400]);
    }
    await upload(server, 'run-3', { 'a.txt': Buffer.from('a') });
    for (const url of [
      '/api/v1/experiments/run-3/artifacts/..%2F..%2Fetc%2Fpasswd',
      '/api/v1/experiments/run-3/artifacts/a%5Cb',
      '/api/v1/experiments/run-3/artifacts/a%00b',
      '/api/v1/experiments/run-3/artifacts/%2Fetc%2Fpasswd',
      '/api/v1/experiments/run-3/artifacts/x/%2E%2E/%2E%2E/a.txt',
    ]) {
      // 400 from the path check, or 404 where the router already resolved the dot segments: never a file.
      const got = await server.app.inject({ method: 'GET', url, headers: { 'x-api-key': 'dev-key' } });
      expect([url, [400, 404].includes(got.statusCode)]).toEqual([url, true]);
      expect((await put(server, url, 'a')).status).toBeGreaterThanOrEqual(400);
      expect((await put(server, url, 'a')).status).toBeLessThan(500);
    }
    const unknown = await put(server, '/api/v1/experiments/nope/artifacts', JSON.stringify(manifest('nope')), 'dev-key', 'application/json');
    expect(unknown.status).toBe(404);
    expect((await call(server.app, 'GET', '/api/v1/experiments/nope/artifacts')).status).toBe(404);
    expect((await put(server, filePath('nope', 'a.txt'), 'a')).status).toBe(404);
    expect((await put(server, '/api/v1/experiments/run-3/artifacts', JSON.stringify(manifest('run-1')), 'dev-key', 'application/json')).status).toBe(400);
    expect((await put(server, '/api/v1/experiments/run-3/artifacts', '{"run_id":', 'dev-key', 'application/json')).status).toBe(400);
    expect((await put(server, '/api/v1/experiments/run-3/artifacts', JSON.stringify({ run_id: 'run-3', files: [{ path: 'a', sha256: 'nothex', bytes: -1 }] }), 'dev-key', 'application/json')).status).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: filePath('run-3', 'missing.txt'), headers: { 'x-api-key': 'dev-key' } })).statusCode).toBe(404);
  });

  it('lets a viewer (read scope) list and download but not upload or delete', async () => {
    await storeRun(server, 'run-4');
    await upload(server, 'run-4', { 'a.txt': Buffer.from('a') });
    const reader = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'reader', scopes: ['read'] })).body.key as string;
    expect((await call(server.app, 'GET', '/api/v1/experiments/run-4/artifacts', undefined, reader)).status).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: filePath('run-4', 'a.txt'), headers: { 'x-api-key': reader } })).body).toBe('a');
    expect((await put(server, '/api/v1/experiments/run-4/artifacts', JSON.stringify(manifest('run-4')), reader, 'application/json')).status).toBe(403);
    expect((await put(server, filePath('run-4', 'a.txt'), 'a', reader)).status).toBe(403);
    expect((await call(server.app, 'DELETE', '/api/v1/experiments/run-4/artifacts', undefined, reader)).status).toBe(403);
    expect((await call(server.app, 'DELETE', '/api/v1/experiments/run-4', undefined, reader)).status).toBe(403);
    expect((await call(server.app, 'GET', '/api/v1/experiments/run-4/artifacts', undefined, 'wrong')).status).toBe(401);
  });

  it('deletes the artifacts with the run, and on their own', async () => {
    await storeRun(server, 'run-5');
    await upload(server, 'run-5', { 'a.txt': Buffer.from('a') });
    expect((await call(server.app, 'DELETE', '/api/v1/experiments/run-5/artifacts')).body).toEqual({ removed: 2 });
    expect((await call(server.app, 'GET', '/api/v1/experiments/run-5/artifacts')).body.files).toEqual([]);
    await upload(server, 'run-5', { 'a.txt': Buffer.from('a') });
    expect((await server.app.inject({ method: 'DELETE', url: '/api/v1/experiments/run-5', headers: { 'x-api-key': 'dev-key' } })).statusCode).toBe(204);
    expect((await call(server.app, 'DELETE', '/api/v1/experiments/run-5')).status).toBe(404);
    // Stored again under the same id, the run starts with no artifacts.
    await storeRun(server, 'run-5');
    expect((await call(server.app, 'GET', '/api/v1/experiments/run-5/artifacts')).body.files).toEqual([]);
  });

  it('documents the artifact routes in the OpenAPI document', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/experiments/{run_id}/artifacts']).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(doc.paths['/api/v1/experiments/{run_id}/artifacts/{path}']).sort()).toEqual(['get', 'put']);
  });
});

describe('experiment artifacts API (S3-compatible store)', () => {
  let s3: TestS3Server;
  let server: RunningServer;
  beforeAll(async () => {
    s3 = await startTestS3Server();
    server = await startTestServer('sqlite', { artifacts: { backend: { kind: 's3', ...s3.settings }, maxFileBytes: 1024 * 1024, retentionDays: 0 } });
    await storeRun(server, 'run-s3');
  });
  afterAll(async () => {
    await server.close();
    await s3.close();
  });

  it('uploads, lists, downloads byte-identical and deletes with the run', async () => {
    await upload(server, 'run-s3');
    expect((await call(server.app, 'GET', '/api/v1/experiments/run-s3/artifacts')).body.complete).toBe(true);
    await checksDownloads(() => server, 'run-s3')();
    expect((await server.app.inject({ method: 'DELETE', url: '/api/v1/experiments/run-s3', headers: { 'x-api-key': 'dev-key' } })).statusCode).toBe(204);
    await storeRun(server, 'run-s3');
    expect((await call(server.app, 'GET', '/api/v1/experiments/run-s3/artifacts')).body.files).toEqual([]);
  });
});
