import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createTraceHubApi } from './json-api-client.js';

let server: Server;
let host: string;
const seen: Array<{ method?: string; url?: string; key?: string | string[] }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ method: request.method, url: request.url, key: request.headers['x-api-key'] });
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/api/v1/ok') return response.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
    if (path === '/api/v1/text') return response.writeHead(200).end('not json');
    if (path === '/api/v1/denied') return response.writeHead(403).end('{"message":"no scope"}');
    return response.writeHead(404).end('{"error":"not_found","message":"No dataset \\"nope\\"."}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The ApiError a call throws. */
async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('Trace Hub API client', () => {
  it('answers parsed JSON, with the key and the query (empty values left out)', async () => {
    const api = createTraceHubApi({ host, apiKey: 'k-1' });
    expect(await api.get('/ok', { limit: 5, name: '', session: undefined })).toEqual({ a: 1 });
    expect(seen.at(-1)).toEqual({ method: 'GET', url: '/api/v1/ok?limit=5', key: 'k-1' });
  });

  it('turns every failure into one ApiError shape with a sentence', async () => {
    const api = createTraceHubApi({ host, apiKey: 'k-1' });
    const missing = await failure(api.get('/datasets/nope'));
    expect(missing).toMatchObject({ kind: 'failed', status: 404, method: 'GET', path: '/datasets/nope', detail: 'No dataset "nope".' });
    expect(missing.message).toBe('Trace Hub: No dataset "nope". (404 on GET /datasets/nope)');
    const denied = await failure(api.post('/denied', {}));
    expect(denied).toMatchObject({ kind: 'refused', status: 403 });
    expect(denied.message).toBe('Trace Hub refused the request (403): no scope Set TRACEHUB_API_KEY to a key with the needed scope.');
    expect(await failure(api.get('/text'))).toMatchObject({ kind: 'not_json', status: 200 });
    const down = await failure(createTraceHubApi({ host: 'http://127.0.0.1:9', apiKey: 'k' }).get('/ok'));
    expect(down).toMatchObject({ kind: 'unreachable', status: null });
    expect(down.message).toMatch(/^Cannot reach Trace Hub at http:\/\/127\.0\.0\.1:9 \(.+\); check that it is running and TRACEHUB_HOST is right\.$/);
  });

  it('send answers any status for callers that read it themselves', async () => {
    const api = createTraceHubApi({ host, apiKey: 'k-1' });
    expect((await api.send('POST', '/denied', {})).status).toBe(403);
  });
});
