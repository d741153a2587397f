/**
 * `GET /traces/stats/overview` on both backends: one clock rule (traces by start time, their evals
 * with them), experiment traces left out unless asked for, the trace-name and environment filters,
 * the traces outside the window, and clear 400s for bad filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsOverviewSchema } from '@tracehub/core';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, startTestServer } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(BACKENDS)('stats overview API on %s', (backend) => {
  let server: RunningServer;
  const now = Date.now();
  const overview = async (query: string) => {
    const res = await call(server.app, 'GET', `/api/v1/traces/stats/overview?${query}`);
    expect(res.status).toBe(200);
    return statsOverviewSchema.parse(res.body);
  };

  beforeAll(async () => {
    server = await startTestServer(backend);
    const traces = [
      { trace_id: 'ov-chat', name: 'chat', environment: 'prod', start: now - HOUR, ms: 800 },
      { trace_id: 'ov-search', name: 'search', start: now - 2 * HOUR, ms: 200 },
      { trace_id: 'ov-old', name: 'chat', environment: 'prod', start: now - 40 * DAY, ms: 100 },
      { trace_id: 'ov-exp', name: 'item', environment: 'experiment', start: now - HOUR, ms: 100 },
    ];
    for (const t of traces) {
      const trace = {
        trace_id: t.trace_id, name: t.name, environment: t.environment, status: 'success',
        start_time: new Date(t.start).toISOString(), end_time: new Date(t.start + t.ms).toISOString(),
      };
      expect((await call(server.app, 'POST', '/api/v1/ingest/traces', { trace, spans: [] })).status).toBe(200);
    }
    for (const [traceId, passed, source] of [['ov-chat', false, 'api'], ['ov-old', true, 'api'], ['ov-exp', true, 'experiment']] as const) {
      expect((await call(server.app, 'POST', '/api/v1/evals', { trace_id: traceId, eval_name: 'ok', passed, source })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  it('counts traces and their evaluations over the same window, experiments left out, and names what is outside', async () => {
    const o = await overview('last_hours=24');
    expect(o.traces.total).toBe(2);
    expect(o.evals).toEqual({ total: 1, passed: 0, failed: 1, pass_rate: 0 });
    expect(o.filters).toEqual({ environment: null, name: null, include_experiments: false, span_figures_filtered: false });
    expect(o.outside).toMatchObject({ before: 1, after: 0 });
    expect(Date.parse(o.outside.latest ?? '')).toBe(now - 40 * DAY);
  });

  it('includes experiment traces and their scores with the switch or as the chosen environment', async () => {
    const all = await overview('last_hours=24&include_experiments=true');
    expect(all.traces.total).toBe(3);
    expect(all.evals.total).toBe(2);
    expect(all.filters.include_experiments).toBe(true);
    const experiments = await overview('last_hours=24&environment=experiment');
    expect(experiments.traces.total).toBe(1);
    expect(experiments.evals).toMatchObject({ total: 1, passed: 1 });
  });

  it('narrows every trace figure by trace name and environment', async () => {
    const chat = await overview('last_hours=24&name=chat');
    expect(chat.traces.total).toBe(1);
    expect(chat.latency_ms.p50).toBeGreaterThan(700);
    expect(chat.evals.total).toBe(1);
    expect(chat.timeseries.reduce((sum, p) => sum + p.traces, 0)).toBe(1);
    expect(chat.outside).toMatchObject({ before: 1, after: 0 });
    const month = await overview('last_hours=1080&name=chat');
    expect(month.traces.total).toBe(2);
    expect(month.evals.total).toBe(2);
    expect(month.outside.before).toBe(0);
    expect((await overview('last_hours=24&environment=prod')).traces.total).toBe(1);
    expect((await overview('last_hours=24&name=nothing')).traces.total).toBe(0);
  });

  it('answers 400 for bad filters', async () => {
    for (const query of ['include_experiments=maybe', 'name=', 'environment=', 'last_hours=0', `name=${'x'.repeat(600)}`]) {
      const res = await call(server.app, 'GET', `/api/v1/traces/stats/overview?${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});
