// The Langfuse read API over Trace Hub's data: traces (list, detail, delete), observations, sessions
// and daily metrics in Langfuse's shapes, with its filters; what cannot be applied answers 501.
import { LangfuseClient } from '@langfuse/client';
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, call, startTestServer } from '../helpers.js';
import type { Backend } from '../../src/storage/testing/test-stores.js';

const auth = basicAuth('pk-lf-reads');

const TRACES = [
  {
    trace: {
      trace_id: 'lf-a', name: 'chat', start_time: '2026-02-01T10:00:00Z', end_time: '2026-02-01T10:00:02Z', user_id: 'u-1', session_id: 's-1',
      tags: ['x', 'y'], release: 'r1', version: 'v1', environment: 'prod', input_text: '{"question":"hi"}', output_text: 'hello',
      attributes: { team: 'search' },
    },
    spans: [
      { span_id: 'a-root', name: 'root', span_type: 'chain', start_time: '2026-02-01T10:00:00Z', end_time: '2026-02-01T10:00:02Z' },
      {
        span_id: 'a-gen', parent_span_id: 'a-root', name: 'answer', span_type: 'llm', model: 'gpt-4.1-mini', status: 'error',
        status_message: 'rate limited', start_time: '2026-02-01T10:00:00.500Z', end_time: '2026-02-01T10:00:01.500Z',
        input_tokens: 100, cached_input_tokens: 40, output_tokens: 20, cost: 0.002, input: [{ role: 'user', content: 'hi' }], output: 'hello',
        attributes: { 'langfuse.observation.completion_start_time': '"2026-02-01T10:00:00.750Z"', 'langfuse.observation.model.parameters': '{"temperature":0.2}' },
      },
      { span_id: 'a-event', parent_span_id: 'a-root', name: 'retrieved', span_type: 'event', start_time: '2026-02-01T10:00:01.600Z', end_time: '2026-02-01T10:00:01.600Z' },
    ],
  },
  {
    trace: { trace_id: 'lf-b', name: 'search', start_time: '2026-02-02T10:00:00Z', user_id: 'u-2', session_id: 's-1', tags: ['x'], release: 'r2', environment: 'prod' },
    spans: [{ span_id: 'b-root', name: 'search', span_type: 'retriever', start_time: '2026-02-02T10:00:00Z', end_time: '2026-02-02T10:00:01Z', level: 'notice' }],
  },
  { trace: { trace_id: 'lf-c', name: 'chat', start_time: '2026-02-03T10:00:00Z', environment: 'dev', input_text: 'plain text' }, spans: [] },
];

function readsSuite(backend: Backend) {
  describe(`Langfuse read API (${backend})`, () => {
    let server: RunningServer;
    let baseUrl = '';
    beforeAll(async () => {
      server = await startTestServer(backend);
      baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
      for (const body of TRACES) expect((await call(server.app, 'POST', '/api/v1/ingest/traces', body)).status).toBe(200);
      const evals = await call(server.app, 'POST', '/api/v1/evals', { trace_id: 'lf-a', eval_name: 'accuracy', score: 0.9, eval_time: '2026-02-01T10:00:03Z' });
      expect(evals.status).toBe(200);
    });
    afterAll(async () => {
      await server.close();
    });
    const get = async (url: string) => {
      const response = await server.app.inject({ method: 'GET', url, headers: { authorization: auth } });
      return { status: response.statusCode, body: response.json() };
    };
    const ids = async (query: string) => (await get(`/api/public/traces?${query}`)).body.data.map((t: { id: string }) => t.id);

    it('lists traces newest first as TraceWithDetails, with page meta', async () => {
      const { status, body } = await get('/api/public/traces');
      expect(status).toBe(200);
      expect(body.meta).toEqual({ page: 1, limit: 50, totalItems: 3, totalPages: 1 });
      expect(body.data.map((t: { id: string }) => t.id)).toEqual(['lf-c', 'lf-b', 'lf-a']);
      expect(body.data[2]).toEqual({
        id: 'lf-a', timestamp: '2026-02-01T10:00:00.000Z', name: 'chat', input: { question: 'hi' }, output: 'hello', sessionId: 's-1',
        release: 'r1', version: 'v1', userId: 'u-1', metadata: { team: 'search' }, tags: ['x', 'y'], public: false, environment: 'prod',
        htmlPath: '/traces/lf-a', latency: 2, totalCost: 0.002, observations: ['a-root', 'a-gen', 'a-event'], scores: [expect.any(String)],
      });
      // Without an end, latency is 0 (older SDKs' models need a number).
      expect(body.data[0]).toMatchObject({ input: 'plain text', sessionId: null, userId: null, tags: [], environment: 'dev', observations: [], scores: [], latency: 0 });
      const second = await get('/api/public/traces?page=2&limit=2');
      expect(second.body.meta).toEqual({ page: 2, limit: 2, totalItems: 3, totalPages: 2 });
      expect(second.body.data.map((t: { id: string }) => t.id)).toEqual(['lf-a']);
    });

    it('filters traces by userId, name, sessionId, every tag, release, version, environment and time; orders by timestamp or name', async () => {
      expect(await ids('userId=u-2')).toEqual(['lf-b']);
      expect(await ids('name=chat')).toEqual(['lf-c', 'lf-a']);
      expect(await ids('sessionId=s-1')).toEqual(['lf-b', 'lf-a']);
      expect(await ids('tags=x')).toEqual(['lf-b', 'lf-a']);
      expect(await ids('tags=x&tags=y')).toEqual(['lf-a']);
      expect(await ids('release=r2')).toEqual(['lf-b']);
      expect(await ids('version=v1')).toEqual(['lf-a']);
      expect(await ids('environment=dev')).toEqual(['lf-c']);
      expect(await ids('fromTimestamp=2026-02-02T00:00:00Z&toTimestamp=2026-02-03T10:00:00Z')).toEqual(['lf-b']);
      expect(await ids('orderBy=timestamp.asc')).toEqual(['lf-a', 'lf-b', 'lf-c']);
      // As Python v2 `fetch_traces(user_id=, tags=[…], from_timestamp=datetime(…, tzinfo=utc))` sends it (httpx, Fern's datetime serialiser).
      expect(await ids('page=1&limit=50&userId=u-1&tags=x&tags=y&fromTimestamp=2026-01-31T00%3A00%3A00%2B00%3A00&orderBy=timestamp.desc')).toEqual(['lf-a']);
      expect(await ids('orderBy=name.desc&limit=1')).toEqual(['lf-b']);
    });

    it('answers the field groups asked for (Langfuse `fields`)', async () => {
      // Python v3/v4 `api.trace.list(fields="core,io")`: whole input, no ids, metrics kept out.
      const io = (await get('/api/public/traces?fields=core%2Cio&name=chat')).body.data;
      expect(io[1]).toMatchObject({ id: 'lf-a', input: { question: 'hi' }, metadata: { team: 'search' }, observations: [], scores: [], latency: -1, totalCost: -1 });
      const core = (await get('/api/public/traces?fields=core&userId=u-1')).body.data[0];
      expect(core).toMatchObject({ id: 'lf-a', name: 'chat', observations: [], scores: [], latency: -1 });
      expect(core).not.toHaveProperty('input');
      const withIds = (await get('/api/public/traces?fields=core,observations,metrics&userId=u-1')).body.data[0];
      expect(withIds).toMatchObject({ observations: ['a-root', 'a-gen', 'a-event'], scores: [], latency: 2 });
      const one = (await get('/api/public/traces/lf-a?fields=core,scores')).body;
      expect(one).toMatchObject({ id: 'lf-a', observations: [], scores: [expect.objectContaining({ name: 'accuracy' })] });
      expect(one).not.toHaveProperty('output');
      expect((await get('/api/public/traces?fields=core,everything')).status).toBe(400);
    });

    it('refuses malformed parameters with 400 and those it cannot apply with 501 naming them', async () => {
      expect((await get('/api/public/traces?fromTimestamp=yesterday')).status).toBe(400);
      expect((await get('/api/public/traces?limit=0')).status).toBe(400);
      expect((await get('/api/public/traces?orderBy=timestamp')).status).toBe(400);
      const order = await get('/api/public/traces?orderBy=userId.asc');
      expect(order.status).toBe(501);
      expect(order.body.message).toMatch(/"orderBy".*timestamp or name/);
      expect((await get('/api/public/traces?filter=[]')).status).toBe(501);
      expect((await get('/api/public/traces?environment=a&environment=b')).status).toBe(501);
      expect((await get('/api/public/observations?type=BANANA')).status).toBe(501);
      expect((await get('/api/public/metrics/daily?traceName=chat')).body.message).toMatch(/"traceName"/);
    });

    it('answers one trace with full observations (types, usage, cost, level, timing) and scores', async () => {
      const { status, body } = await get('/api/public/traces/lf-a');
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: 'lf-a', name: 'chat', latency: 2, totalCost: 0.002, htmlPath: '/traces/lf-a' });
      const byId = Object.fromEntries(body.observations.map((o: { id: string }) => [o.id, o]));
      expect(Object.keys(byId).sort()).toEqual(['a-event', 'a-gen', 'a-root']);
      expect(byId['a-root']).toMatchObject({ type: 'CHAIN', parentObservationId: null, level: 'DEFAULT', environment: 'prod', latency: 2 });
      expect(byId['a-event']).toMatchObject({ type: 'EVENT', parentObservationId: 'a-root' });
      expect(byId['a-gen']).toMatchObject({
        type: 'GENERATION', traceId: 'lf-a', name: 'answer', model: 'gpt-4.1-mini', level: 'ERROR', statusMessage: 'rate limited',
        startTime: '2026-02-01T10:00:00.500Z', endTime: '2026-02-01T10:00:01.500Z', completionStartTime: '2026-02-01T10:00:00.750Z',
        timeToFirstToken: 0.25, latency: 1, modelParameters: { temperature: 0.2 }, input: [{ role: 'user', content: 'hi' }], output: 'hello',
        usageDetails: { input: 60, input_cached_tokens: 40, output: 20, total: 120 }, costDetails: { total: 0.002 },
        usage: { input: 60, output: 20, total: 120, unit: 'TOKENS', totalCost: 0.002 }, calculatedTotalCost: 0.002,
      });
      expect(body.scores).toEqual([
        expect.objectContaining({ traceId: 'lf-a', name: 'accuracy', value: 0.9, dataType: 'NUMERIC', source: 'API', timestamp: '2026-02-01T10:00:03.000Z' }),
      ]);
      expect((await get('/api/public/traces')).body.data[2].scores).toEqual([body.scores[0].id]);
      const missing = await get('/api/public/traces/nope');
      expect(missing.status).toBe(404);
    });

    it('lists observations across traces with filters, and answers one by id', async () => {
      const all = await get('/api/public/observations');
      expect(all.body.meta).toEqual({ page: 1, limit: 50, totalItems: 4, totalPages: 1 });
      expect(all.body.data.map((o: { id: string }) => o.id)).toEqual(['a-root', 'a-gen', 'a-event', 'b-root']);
      const obs = async (query: string) => (await get(`/api/public/observations?${query}`)).body.data.map((o: { id: string }) => o.id);
      expect(await obs('traceId=lf-a&type=GENERATION')).toEqual(['a-gen']);
      expect(await obs('type=retriever')).toEqual(['b-root']);
      // A level Langfuse does not have (Trace Hub's API takes any text) reads as DEFAULT.
      expect(all.body.data[3]).toMatchObject({ id: 'b-root', level: 'DEFAULT' });
      expect(await obs('userId=u-2')).toEqual(['b-root']);
      expect(await obs('parentObservationId=a-root')).toEqual(['a-gen', 'a-event']);
      expect(await obs('name=answer')).toEqual(['a-gen']);
      expect(await obs('level=ERROR')).toEqual(['a-gen']);
      expect(await obs('fromStartTime=2026-02-01T10:00:01Z&toStartTime=2026-02-03T00:00:00Z')).toEqual(['a-event', 'b-root']);
      expect((await get('/api/public/observations?limit=1&page=2')).body).toMatchObject({ data: [{ id: 'a-gen' }], meta: { totalPages: 4 } });
      const one = await get('/api/public/observations/a-gen');
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: 'a-gen', traceId: 'lf-a', type: 'GENERATION', usageDetails: { input: 60 }, environment: 'prod' });
      expect(all.body.data.map((o: { environment: string }) => o.environment)).toEqual(['prod', 'prod', 'prod', 'prod']);
      expect((await get('/api/public/observations/nope')).status).toBe(404);
    });

    it('lists sessions and answers one with its traces', async () => {
      const list = await get('/api/public/sessions');
      expect(list.body).toEqual({
        data: [{ id: 's-1', createdAt: '2026-02-01T10:00:00.000Z', projectId: expect.any(String), environment: 'default' }],
        meta: { page: 1, limit: 50, totalItems: 1, totalPages: 1 },
      });
      expect((await get('/api/public/sessions?fromTimestamp=2026-02-05T00:00:00Z')).body.data).toEqual([]);
      const one = await get('/api/public/sessions/s-1');
      expect(one.body).toMatchObject({ id: 's-1', createdAt: '2026-02-01T10:00:00.000Z', environment: 'prod' });
      expect(one.body.traces.map((t: { id: string }) => t.id)).toEqual(['lf-a', 'lf-b']);
      expect((await get('/api/public/sessions/none')).status).toBe(404);
    });

    it('answers daily metrics, newest day first, with usage per model', async () => {
      const { status, body } = await get('/api/public/metrics/daily');
      expect(status).toBe(200);
      expect(body.data.map((d: { date: string }) => d.date)).toEqual(['2026-02-03', '2026-02-02', '2026-02-01']);
      expect(body.data[2]).toMatchObject({ date: '2026-02-01', countTraces: 1, countObservations: 3, totalCost: 0.002 });
      expect(body.data[2].usage).toEqual([
        { model: 'gpt-4.1-mini', inputUsage: 100, outputUsage: 20, totalUsage: 120, countTraces: 1, countObservations: 1, totalCost: 0.002 },
      ]);
      const window = await get('/api/public/metrics/daily?fromTimestamp=2026-02-02T00:00:00Z&toTimestamp=2026-02-03T00:00:00Z');
      expect(window.body).toMatchObject({ data: [{ date: '2026-02-02', countTraces: 1, countObservations: 1 }], meta: { totalItems: 1 } });
    });

    it('answers v2 observations with field groups and a cursor', async () => {
      const first = await get('/api/public/v2/observations?limit=3');
      expect(first.status).toBe(200);
      expect(first.body.data.map((o: { id: string }) => o.id)).toEqual(['a-root', 'a-gen', 'a-event']);
      expect(Object.keys(first.body.data[0]).sort()).toEqual([
        'bookmarked', 'endTime', 'environment', 'id', 'inputPrice', 'isRootObservation', 'level', 'modelId', 'name', 'outputPrice',
        'parentObservationId', 'projectId', 'public', 'sessionId', 'startTime', 'statusMessage', 'totalPrice', 'traceId', 'type', 'userId', 'version',
      ]);
      const next = await get(`/api/public/v2/observations?limit=3&cursor=${first.body.meta.cursor}`);
      expect(next.body).toEqual({ data: [expect.objectContaining({ id: 'b-root' })], meta: {} });
      expect(first.body.data[0]).toMatchObject({ userId: 'u-1', sessionId: 's-1', environment: 'prod', isRootObservation: true });
      const gen = await get('/api/public/v2/observations?traceId=lf-a&type=GENERATION&fields=core,io,usage,model,metrics,trace_context');
      expect(gen.body.data).toEqual([expect.objectContaining({
        id: 'a-gen', input: '[{"role":"user","content":"hi"}]', output: 'hello', providedModelName: 'gpt-4.1-mini',
        usageDetails: { input: 60, input_cached_tokens: 40, output: 20, total: 120 }, totalCost: 0.002, latency: 1,
        traceName: 'chat', tags: ['x', 'y'], release: 'r1',
      })]);
      const obs = async (query: string) => (await get(`/api/public/v2/observations?${query}`)).body.data.map((o: { id: string }) => o.id);
      expect(await obs('isRootObservation=true')).toEqual(['a-root', 'b-root']);
      expect(await obs('parentObservationId=')).toEqual(['a-root', 'b-root']);
      expect(await obs('sessionId=s-1&name=search')).toEqual(['b-root']);
      expect((await get('/api/public/v2/observations?cursor=nope')).status).toBe(400);
      expect((await get('/api/public/v2/observations?fields=everything')).status).toBe(400);
    });

    it('serves the real SDKs: langfuse 3.x fetch* and @langfuse/client api.*', async () => {
      const v3 = new Langfuse({ publicKey: 'pk-lf-v3', secretKey: 'dev-key', baseUrl });
      const traces = await v3.fetchTraces({ name: 'chat', limit: 10 });
      expect(traces.data.map((t) => t.id)).toEqual(['lf-c', 'lf-a']);
      expect(traces.meta).toMatchObject({ totalItems: 2 });
      expect((await v3.fetchTrace('lf-a')).data.observations.map((o) => o.type).sort()).toEqual(['CHAIN', 'EVENT', 'GENERATION']);
      expect((await v3.fetchObservations({ traceId: 'lf-a', type: 'GENERATION' })).data.map((o) => o.id)).toEqual(['a-gen']);
      expect((await v3.fetchObservation('a-gen')).data).toMatchObject({ model: 'gpt-4.1-mini', level: 'ERROR' });
      expect((await v3.fetchSessions()).data.map((s) => s.id)).toEqual(['s-1']);
      await v3.shutdownAsync();

      const client = new LangfuseClient({ publicKey: 'pk-lf-v5', secretKey: 'dev-key', baseUrl });
      expect((await client.api.trace.list({ userId: 'u-1' })).data.map((t) => t.id)).toEqual(['lf-a']);
      expect((await client.api.trace.get('lf-a')).scores.map((sc) => sc.name)).toEqual(['accuracy']);
      expect((await client.api.observations.getMany({ traceId: 'lf-a', fields: 'core,basic,usage' })).data.map((o) => o.id)).toEqual(['a-root', 'a-gen', 'a-event']);
      expect((await client.api.legacy.observationsV1.getMany({ name: 'search' })).data.map((o) => o.id)).toEqual(['b-root']);
      expect((await client.api.sessions.get('s-1')).traces.map((t) => t.id)).toEqual(['lf-a', 'lf-b']);
    });

    it('deletes a trace (admin key), after which both APIs answer 404', async () => {
      const response = await server.app.inject({ method: 'DELETE', url: '/api/public/traces/lf-c', headers: { authorization: auth } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ message: 'Trace deleted successfully' });
      expect((await get('/api/public/traces/lf-c')).status).toBe(404);
      expect((await call(server.app, 'GET', '/api/v1/traces/lf-c')).status).toBe(404);
      const many = await server.app.inject({
        method: 'DELETE', url: '/api/public/traces', headers: { authorization: auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ traceIds: ['lf-b'] }),
      });
      expect(many.statusCode).toBe(200);
      expect(await ids('')).toEqual(['lf-a']);
    });
  });
}

readsSuite('sqlite');
readsSuite('postgres');
