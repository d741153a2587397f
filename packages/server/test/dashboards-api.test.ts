/**
 * Custom dashboards: create, list, read, replace and delete per project; bad widgets are refused
 * with 400 naming the field; a dashboard's data computes every widget over one window — seed 002's
 * pipeline (URLs collected per week, FAISS ntotal by index) from application metrics, and traces
 * from the stats service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, startTestServer } from './helpers.js';

const put = async (server: RunningServer, url: string, body: unknown) => {
  const response = await server.app.inject({ method: 'PUT', url, headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

const PIPELINE = {
  name: 'AI tools pipeline',
  description: 'seed 002',
  widgets: [
    { id: 'urls', title: 'URLs collected per week', kind: 'timeseries', source: 'metric', measure: 'value', step: '1w', metric: { name: 'urls_collected', agg: 'sum' } },
    { id: 'ntotal', title: 'FAISS ntotal', kind: 'table', source: 'metric', measure: 'value', group_by: 'label:index', metric: { name: 'faiss_index_ntotal', agg: 'last' } },
    { id: 'ntotal-tools', title: 'FAISS ntotal (tools)', kind: 'figure', source: 'metric', measure: 'value', metric: { name: 'faiss_index_ntotal', agg: 'last', labels: { index: 'tools' } } },
    { id: 'traces', title: 'Traces', kind: 'figure', source: 'traces', measure: 'count' },
    { id: 'models', title: 'Spans by model', kind: 'table', source: 'spans', measure: 'count', group_by: 'model' },
    { id: 'errors', title: 'Error rate', kind: 'timeseries', source: 'traces', measure: 'error_rate' },
  ],
};

describe.each(BACKENDS)('dashboards on %s', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates, lists, reads, replaces and deletes a dashboard', async () => {
    const created = await call(server.app, 'POST', '/api/v1/dashboards', PIPELINE);
    expect(created.status).toBe(201);
    const id = created.body.dashboard_id;
    expect(created.body).toMatchObject({ name: 'AI tools pipeline', description: 'seed 002', widgets: [expect.objectContaining({ id: 'urls', step: '1w' }), ...PIPELINE.widgets.slice(1).map(() => expect.anything())] });
    expect((await call(server.app, 'GET', '/api/v1/dashboards')).body.items.map((d: { dashboard_id: string }) => d.dashboard_id)).toEqual([id]);
    const replaced = await put(server, `/api/v1/dashboards/${id}`, { name: '파이프라인', widgets: PIPELINE.widgets.slice(0, 1) });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: '파이프라인', description: null, widgets: [expect.objectContaining({ id: 'urls' })] });
    expect((await call(server.app, 'GET', `/api/v1/dashboards/${id}`)).body.name).toBe('파이프라인');
    expect((await call(server.app, 'DELETE', `/api/v1/dashboards/${id}`)).status).toBe(204);
    expect((await call(server.app, 'GET', `/api/v1/dashboards/${id}`)).status).toBe(404);
    expect((await call(server.app, 'DELETE', `/api/v1/dashboards/${id}`)).status).toBe(404);
    expect((await put(server, `/api/v1/dashboards/${id}`, PIPELINE)).status).toBe(404);
  });

  it('documents the dashboard and application metric routes in the OpenAPI document', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/dashboards/{dashboard_id}']).sort()).toEqual(['delete', 'get', 'put']);
    expect(doc.paths['/api/v1/dashboards/{dashboard_id}/data'].get).toBeDefined();
    expect(doc.paths['/api/v1/metrics/series'].get).toBeDefined();
    expect(doc.paths['/v1/metrics'].post).toBeDefined();
  });

  it.each([
    ['no name', { widgets: [] }, 'name'],
    ['an unknown measure', { name: 'd', widgets: [{ ...PIPELINE.widgets[3], measure: 'happiness' }] }, 'measure'],
    ['a metric widget without a metric', { name: 'd', widgets: [{ id: 'm', title: 'm', kind: 'figure', source: 'metric', measure: 'value' }] }, 'metric'],
    ['a grouped figure', { name: 'd', widgets: [{ ...PIPELINE.widgets[2], group_by: 'label:index' }] }, 'group_by'],
    ['an environment group without values', { name: 'd', widgets: [{ ...PIPELINE.widgets[3], kind: 'table', group_by: 'environment' }] }, 'group_values'],
    ['a time series of scores', { name: 'd', widgets: [{ id: 's', title: 's', kind: 'timeseries', source: 'scores', measure: 'pass_rate' }] }, 'kind'],
    ['duplicate widget ids', { name: 'd', widgets: [PIPELINE.widgets[3], PIPELINE.widgets[3]] }, 'unique'],
    ['a bad step', { name: 'd', widgets: [{ ...PIPELINE.widgets[0], step: 'weekly' }] }, 'step'],
  ])('refuses a dashboard with %s (400)', async (_what, body, mention) => {
    const answer = await call(server.app, 'POST', '/api/v1/dashboards', body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(mention);
  });

  it("computes every widget's data over the window: application metrics and traces", async () => {
    const now = Date.now();
    const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
    const DAY = 86_400_000;
    expect((await call(server.app, 'POST', '/api/v1/metrics/points', [
      { name: 'urls_collected', value: 40, time: iso(DAY) }, { name: 'urls_collected', value: 2, time: iso(DAY + 1000) },
      { name: 'faiss_index_ntotal', value: 150, time: iso(2 * DAY), labels: { index: 'tools' } },
      { name: 'faiss_index_ntotal', value: 120, time: iso(DAY), labels: { index: 'tools' } },
      { name: 'faiss_index_ntotal', value: 7, time: iso(DAY), labels: { index: 'docs' } },
    ])).status).toBe(202);
    const trace = { trace: { trace_id: 'dash-1', name: 'search', start_time: iso(3_600_000), end_time: iso(3_500_000), status: 'success', model: 'gpt-4.1-mini', attributes: {} } };
    expect((await call(server.app, 'POST', '/api/v1/ingest/traces', trace)).status).toBeLessThan(300);
    const created = await call(server.app, 'POST', '/api/v1/dashboards', PIPELINE);
    const data = await call(server.app, 'GET', `/api/v1/dashboards/${created.body.dashboard_id}/data?last_hours=168`);
    expect(data.status).toBe(200);
    const byId = Object.fromEntries(data.body.widgets.map((w: { id: string }) => [w.id, w]));
    const weekly = byId.urls.series[0].points.map((p: { value: number | null }) => p.value).filter((v: number | null) => v !== null);
    expect(weekly.reduce((a: number, b: number) => a + b, 0)).toBe(42);
    expect(byId.ntotal.rows).toEqual([{ group: 'docs', value: 7 }, { group: 'tools', value: 120 }]);
    expect(byId['ntotal-tools'].rows).toEqual([{ group: null, value: 120 }]);
    expect(byId.traces.rows[0].value).toBeGreaterThanOrEqual(1);
    expect(byId.models.rows.length).toBeGreaterThanOrEqual(0);
    expect(byId.errors.series[0].points.length).toBeGreaterThan(0);
    expect((await call(server.app, 'GET', `/api/v1/dashboards/${created.body.dashboard_id}/data?last_hours=-1`)).status).toBe(400);
  });
});
