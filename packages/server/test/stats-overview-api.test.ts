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
    // One LLM span each where a model is named; `m-unpriced` has no price, so its trace's cost is a lower bound.
    const traces = [
      { trace_id: 'ov-chat', name: 'chat', environment: 'prod', start: now - HOUR, ms: 800, model: 'm-chat', cost: 0.25 },
      { trace_id: 'ov-search', name: 'search', start: now - 2 * HOUR, ms: 200, model: 'm-unpriced' },
      { trace_id: 'ov-old', name: 'chat', environment: 'prod', start: now - 40 * DAY, ms: 100 },
      { trace_id: 'ov-exp', name: 'item', environment: 'experiment', start: now - HOUR, ms: 100, model: 'm-exp', cost: 0.5 },
    ];
    for (const t of traces) {
      const trace = {
        trace_id: t.trace_id, name: t.name, environment: t.environment, status: 'success',
        start_time: new Date(t.start).toISOString(), end_time: new Date(t.start + t.ms).toISOString(),
      };
      const spans = t.model
        ? [{ span_id: `${t.trace_id}-llm`, name: 'llm', span_type: 'llm', model: t.model, start_time: trace.start_time, end_time: trace.end_time,
          input_tokens: 10, output_tokens: 5, ...(t.cost !== undefined && { cost: t.cost }) }]
        : [];
      expect((await call(server.app, 'POST', '/api/v1/ingest/traces', { trace, spans })).status).toBe(200);
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
    expect(o.filters).toEqual({ environment: null, name: null, include_experiments: false, span_figures_filtered: true });
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

  it('counts span figures (models, span types) by the same experiment and environment rule', async () => {
    const models = (o: Awaited<ReturnType<typeof overview>>) => o.models.map((m) => m.model).sort();
    const llmSpans = (o: Awaited<ReturnType<typeof overview>>) => o.spans.by_type.find((t) => t.span_type === 'llm')?.spans ?? 0;
    const production = await overview('last_hours=24');
    expect(models(production)).toEqual(['m-chat', 'm-unpriced']);
    // A model without a price (and no cost of its own) costs "unknown", not $0; a given cost stays.
    expect(Object.fromEntries(production.models.map((m) => [m.model, m.cost]))).toEqual({ 'm-chat': 0.25, 'm-unpriced': null });
    expect(llmSpans(production)).toBe(2);
    expect(production.spans.total).toBe(2);
    const all = await overview('last_hours=24&include_experiments=true');
    expect(models(all)).toEqual(['m-chat', 'm-exp', 'm-unpriced']);
    expect(llmSpans(all)).toBe(3);
    const experiments = await overview('last_hours=24&environment=experiment');
    expect(models(experiments)).toEqual(['m-exp']);
    expect(experiments.filters.span_figures_filtered).toBe(true);
    expect(models(await overview('last_hours=24&environment=prod'))).toEqual(['m-chat']);
    // The rollups have no trace name: the answer says the span figures ignore it.
    expect((await overview('last_hours=24&name=chat')).filters.span_figures_filtered).toBe(false);
  });

  it('says how many traces in the window have unpriced spans (the cost is a lower bound)', async () => {
    const production = await overview('last_hours=24');
    expect(production.cost).toEqual({ total: 0.25, unpriced_traces: 1 });
    expect((await overview('last_hours=24&environment=prod')).cost).toEqual({ total: 0.25, unpriced_traces: 0 });
    expect((await overview('last_hours=24&name=search')).cost.unpriced_traces).toBe(1);
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
