// The routes docs/langfuse-compatibility.md lists under "Not supported" answer 501 with the route
// and the doc in the message (never a 404 an SDK would swallow), and the JS v3 SDK reports it.
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, startTestServer } from '../helpers.js';

const auth = basicAuth('pk-lf-any');

describe('Langfuse routes Trace Hub does not implement', () => {
  let server: RunningServer;
  let baseUrl: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['POST', '/api/public/projects'],
    ['GET', '/api/public/projects/p1/apiKeys'],
    ['GET', '/api/public/annotation-queues'],
    ['POST', '/api/public/comments'],
    ['GET', '/api/public/media/m1'],
    ['GET', '/api/public/models'],
    ['GET', '/api/public/score-configs'],
    ['GET', '/api/public/scim/Users'],
    ['GET', '/api/public/v3/traces'],
  ])('%s %s answers 501 with the reason', async (method, url) => {
    const response = await server.app.inject({ method: method as 'GET' | 'POST', url, headers: { authorization: auth } });
    expect(response.statusCode).toBe(501);
    expect(response.json()).toEqual({ error: 'not_implemented', message: `Trace Hub does not implement ${method} ${url} of the Langfuse API; docs/langfuse-compatibility.md lists what it does.` });
  });

  it('is reported by the JS v3 SDK, not swallowed', async () => {
    const langfuse = new Langfuse({ publicKey: 'pk-lf-any', secretKey: 'dev-key', baseUrl });
    // The v3 API client rejects with the answer: its status and the parsed body.
    const error = (await langfuse.api.modelsList({}).then(() => null, (e: unknown) => e)) as { status: number; error: { message: string } };
    expect(error.status).toBe(501);
    expect(error.error.message).toMatch(/does not implement GET \/api\/public\/models/);
    await langfuse.shutdownAsync();
  });
});
