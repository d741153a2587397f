/**
 * Retention and deletion through the API (docs/retention.md), on both backends: a project admin sets a
 * 1-day trace retention on a project with traces over 30 days and the background enforcement deletes
 * only the older traces (with their evaluations, feedback and decisions) while the newer stay and the
 * dashboard rollups keep their history; one trace or a time range is deleted on request; the disk
 * use is answered; bad input gets a 4xx and a read key a 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import { retentionSettings } from '../src/retention/retention-service.js';
import type { RunningServer } from '../src/server.js';
import { call, startTestServer } from './helpers.js';

const DAY_MS = 86_400_000;

async function send(app: FastifyInstance, method: 'PUT' | 'POST' | 'GET', url: string, body?: unknown, key = 'dev-key') {
  const response = await app.inject({
    method, url, headers: { 'x-api-key': key, ...(body !== undefined && { 'content-type': 'application/json' }) }, payload: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const backend of BACKENDS) {
  describe(`retention API on ${backend}`, () => {
    let server: RunningServer;
    let projectId: string;
    const now = Date.now();
    const dayTrace = (d: number) => `ret-day-${String(d).padStart(2, '0')}`;
    const startOf = (d: number) => new Date(now - d * DAY_MS - 60_000).toISOString();

    beforeAll(async () => {
      // Enforcement every second, small batches, so the test sees several batches.
      server = await startTestServer(backend, { retention: retentionSettings(1, 7, 10) });
      projectId = (await server.store.projects.listProjects())[0].project_id;
      for (let d = 0; d < 30; d++) {
        const id = dayTrace(d);
        const res = await call(server.app, 'POST', '/api/v1/ingest/traces', {
          trace: { trace_id: id, start_time: startOf(d), status: 'success', environment: 'prod', user_id: d % 2 ? 'alice' : 'bob', model: 'gpt-4.1-mini' },
          spans: [{ span_id: `${id}-s`, name: 'llm', span_type: 'llm', start_time: startOf(d), end_time: startOf(d), status: 'success', model: 'gpt-4.1-mini', input_tokens: 3, output_tokens: 2 }],
        });
        expect(res.status).toBe(200);
        expect((await call(server.app, 'POST', '/api/v1/evals', { trace_id: id, eval_name: 'quality', score: 1 })).status).toBeLessThan(300);
        expect((await call(server.app, 'POST', '/api/v1/decide', { trace_id: id, response_payload: { text: 'ok' }, idempotency_key: `decide-${id}` })).status).toBe(200);
      }
    });
    afterAll(async () => {
      await server?.close();
    });

    const traceIds = async () => {
      const res = await call(server.app, 'GET', '/api/v1/traces?page_size=100&from=2000-01-01T00:00:00Z');
      return (res.body.items as { trace_id: string }[]).map((t) => t.trace_id).sort();
    };
    const overviewTraces = async () => {
      const res = await call(server.app, 'GET', '/api/v1/traces/stats/overview?last_hours=1000');
      return res.body.traces.total as number;
    };

    it('answers no retention by default and refuses bad settings with a 400 and a read key with a 403', async () => {
      expect((await send(server.app, 'GET', '/api/v1/admin/retention')).body).toMatchObject({ trace_days: null, artifact_days: null });
      for (const body of [{ trace_days: 0 }, { trace_days: 1.5 }, { trace_days: '1' }, { trace_days: 100_000 }, { other: 1 }, []]) {
        const res = await send(server.app, 'PUT', '/api/v1/admin/retention', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
      const reader = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'reader', scopes: ['read'] })).body.key;
      expect((await send(server.app, 'PUT', '/api/v1/admin/retention', { trace_days: 1 }, reader)).status).toBe(403);
      expect((await send(server.app, 'GET', '/api/v1/admin/retention', undefined, reader)).status).toBe(403);
      expect((await send(server.app, 'POST', '/api/v1/traces/delete', { from: startOf(40), to: startOf(0) }, reader)).status).toBe(403);
      expect(await traceIds()).toHaveLength(30);
    });

    it('with 1 day of retention deletes in the background only the traces older than a day, with their evaluations and decisions; rollups stay', async () => {
      const before = await overviewTraces();
      const oldDecisions = await server.store.decisions.listTraceDecisions(projectId, dayTrace(20));
      expect(oldDecisions).toHaveLength(1);
      const set = await send(server.app, 'PUT', '/api/v1/admin/retention', { trace_days: 1 });
      expect(set).toMatchObject({ status: 200, body: { trace_days: 1, artifact_days: null } });
      const left = await poll(traceIds, (ids) => ids.length <= 1);
      expect(left).toEqual([dayTrace(0)]);
      for (const d of [1, 15, 29]) {
        expect((await call(server.app, 'GET', `/api/v1/traces/${dayTrace(d)}`)).status).toBe(404);
        expect(await server.store.decisions.listTraceDecisions(projectId, dayTrace(d))).toEqual([]);
        expect(await server.store.traces.getTraceEvals(projectId, dayTrace(d))).toEqual([]);
      }
      const kept = await call(server.app, 'GET', `/api/v1/traces/${dayTrace(0)}`);
      expect(kept.status).toBe(200);
      expect(kept.body.evals).toHaveLength(1);
      expect(await server.store.decisions.listTraceDecisions(projectId, dayTrace(0))).toHaveLength(1);
      // The dashboards' counts come from the rollups, which keep the deleted traces.
      expect(before).toBe(30);
      expect(await overviewTraces()).toBe(30);
      // Turned off again: nothing more is deleted.
      expect((await send(server.app, 'PUT', '/api/v1/admin/retention', { trace_days: null })).body.trace_days).toBeNull();
    });

    it('deletes one trace, or a time range narrowed by user, on request; bad ranges get a 400', async () => {
      for (let d = 0; d < 6; d++) {
        const id = `req-${d}`;
        await call(server.app, 'POST', '/api/v1/ingest/traces', { trace: { trace_id: id, start_time: startOf(d * 0.1), user_id: d % 2 ? 'alice' : 'bob' }, spans: [] });
      }
      expect((await call(server.app, 'DELETE', '/api/v1/traces/req-0')).status).toBe(204);
      expect((await call(server.app, 'DELETE', '/api/v1/traces/req-0')).status).toBe(404);
      const range = await send(server.app, 'POST', '/api/v1/traces/delete', { from: startOf(1), to: new Date(now + 1000).toISOString(), user_id: 'alice' });
      expect(range).toEqual({ status: 200, body: { deleted: 3 } });
      expect((await traceIds()).filter((id) => id.startsWith('req-'))).toEqual(['req-2', 'req-4']);
      for (const body of [{}, { from: startOf(1) }, { from: startOf(0), to: startOf(1) }, { from: 'yesterday', to: startOf(0) }, { from: startOf(1), to: startOf(0), user_id: '' }, { from: startOf(1), to: startOf(0), nope: 1 }]) {
        expect((await send(server.app, 'POST', '/api/v1/traces/delete', body)).status, JSON.stringify(body)).toBe(400);
      }
    });

    it('answers the disk use of the database and its volume', async () => {
      const res = await send(server.app, 'GET', '/api/v1/admin/storage');
      expect(res.status).toBe(200);
      expect(res.body.database_bytes).toBeGreaterThan(4096);
      expect(res.body.data_volume_used_percent).toBeGreaterThan(0);
      const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/tracehub_retention_deleted_traces_total\{reason="retention"\} 29/);
      expect(metrics.body).toMatch(/tracehub_database_size_bytes \d+/);
    });
  });
}

describe('retention routes in the OpenAPI document', () => {
  it('documents retention, disk use and range deletion', async () => {
    const { buildOpenApiDocument } = await import('../src/routes/openapi-document.js');
    const paths = buildOpenApiDocument().paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/v1/admin/retention'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(Object.keys(paths['/api/v1/admin/storage'] ?? {})).toEqual(['get']);
    expect(Object.keys(paths['/api/v1/traces/delete'] ?? {})).toEqual(['post']);
  });
});
