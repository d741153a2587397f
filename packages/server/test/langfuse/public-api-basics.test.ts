// The Langfuse public API's entry points: Basic auth with any Trace Hub key as the secret, health
// without credentials, the key's project, OTLP at Langfuse's path, and 501 for what is not built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, startTestServer } from '../helpers.js';


describe('Langfuse public API basics', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server.close();
  });
  const get = (url: string, authorization?: string) =>
    server.app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });

  it('answers health without credentials', async () => {
    const response = await get('/api/public/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'OK', version: expect.any(String) });
  });

  it('takes any Trace Hub key as the secret key, with any public key, and answers its project', async () => {
    const response = await get('/api/public/projects', basicAuth('pk-lf-anything', 'dev-key'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: [{ id: expect.any(String), name: 'default', metadata: {} }] });
  });

  it('refuses a wrong or missing secret with 401', async () => {
    expect((await get('/api/public/projects', basicAuth('pk-lf-x', 'sk-lf-wrong'))).statusCode).toBe(401);
    expect((await get('/api/public/projects', basicAuth('pk-lf-x', ''))).statusCode).toBe(401);
    expect((await get('/api/public/projects', 'Basic %%%not-base64')).statusCode).toBe(401);
    expect((await get('/api/public/projects')).statusCode).toBe(401);
  });

  it('answers 501 with a reason for a route it does not implement, never a silent 404', async () => {
    const response = await get('/api/public/llm-connections', basicAuth('pk', 'dev-key'));
    expect(response.statusCode).toBe(501);
    expect(response.json().message).toMatch(/does not implement GET \/api\/public\/llm-connections/);
  });

  it('takes OTLP/JSON at /api/public/otel/v1/traces', async () => {
    const traceId = '5b8efff798038103d269b633813fc60c';
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/public/otel/v1/traces',
      headers: { authorization: basicAuth('pk-lf-1', 'dev-key'), 'content-type': 'application/json' },
      payload: JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId: 'eee19b7ec3c1b174', name: 'langfuse span', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000' }] }] }],
      }),
    });
    expect(response.statusCode).toBe(200);
    const trace = await get(`/api/v1/traces/${traceId}`, basicAuth('pk', 'dev-key'));
    expect(trace.statusCode).toBe(200);
    expect(trace.json()).toMatchObject({ trace: { name: 'langfuse span' } });
  });
});
