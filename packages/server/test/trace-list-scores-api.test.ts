/**
 * `GET /traces` with the score, latency, cost, token and metadata filters on both backends: each row
 * answers its scores by evaluation name and whether its cost is complete; bad or unknown filters are
 * a 400 naming the field. `GET /traces/{id}` answers a span's input and output cost from the price
 * table, and an unpriced span's cost as null (unknown).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceDetailSchema, traceListResponseSchema } from '@tracehub/core';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, startTestServer } from './helpers.js';

describe.each(BACKENDS)('trace list scores and filters API on %s', (backend) => {
  let server: RunningServer;
  const start = Date.parse('2026-03-01T10:00:00Z');
  const at = (ms: number) => new Date(start + ms).toISOString();
  const list = async (query: string) => {
    const res = await call(server.app, 'GET', `/api/v1/traces?${query}`);
    expect(res.status).toBe(200);
    return traceListResponseSchema.parse(res.body);
  };

  beforeAll(async () => {
    server = await startTestServer(backend);
    const bodies = [
      { trace: { trace_id: 'ls-priced', start_time: at(0), attributes: { 'app.tier': 'gold' } },
        spans: [{ span_id: 'g', name: 'gen', span_type: 'llm', model: 'gpt-4o', start_time: at(0), end_time: at(1500), input_tokens: 1000, output_tokens: 200 }] },
      { trace: { trace_id: 'ls-unpriced', start_time: at(10_000) },
        spans: [{ span_id: 'g', name: 'gen', span_type: 'llm', model: 'local-llama', start_time: at(10_000), end_time: at(10_400), input_tokens: 50, output_tokens: 5 }] },
    ];
    for (const body of bodies) expect((await call(server.app, 'POST', '/api/v1/ingest/traces', body)).status).toBe(200);
    for (const e of [
      { trace_id: 'ls-priced', eval_name: 'helpfulness', score: 0.9, passed: true },
      { trace_id: 'ls-priced', eval_name: 'helpfulness', score: 0.5, passed: false },
      { trace_id: 'ls-unpriced', eval_name: 'helpfulness', score: 0.1 },
    ]) expect((await call(server.app, 'POST', '/api/v1/evals', e)).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers each row with its scores by evaluation name and whether its cost is complete', async () => {
    const page = await list('sort=start_time:asc');
    const [priced, unpriced] = page.items;
    expect(priced.scores).toEqual([{ name: 'helpfulness', avg: 0.7, count: 2, passed: 1, failed: 1 }]);
    expect(priced).toMatchObject({ cost_complete: true, unpriced_span_count: 0 });
    expect(unpriced.scores).toEqual([{ name: 'helpfulness', avg: 0.1, count: 1, passed: 0, failed: 0 }]);
    expect(unpriced).toMatchObject({ cost_complete: false, unpriced_span_count: 1, cost: 0 });
  });

  it('filters by score, latency, cost, tokens and metadata', async () => {
    const ids = async (q: string) => (await list(`sort=start_time:asc&${q}`)).items.map((t) => t.trace_id);
    expect(await ids('score_name=helpfulness&score_min=0.5')).toEqual(['ls-priced']);
    expect(await ids('score_name=helpfulness&score_max=0.2')).toEqual(['ls-unpriced']);
    expect(await ids('latency_min=1000')).toEqual(['ls-priced']);
    expect(await ids('cost_max=0')).toEqual(['ls-unpriced']);
    expect(await ids('tokens_min=100&tokens_max=2000')).toEqual(['ls-priced']);
    expect(await ids(`metadata_key=${encodeURIComponent('app.tier')}&metadata_value=gold`)).toEqual(['ls-priced']);
  });

  it('answers a span input and output cost from the price table, and null for an unpriced model', async () => {
    const detail = async (id: string) => {
      const res = await call(server.app, 'GET', `/api/v1/traces/${id}`);
      expect(res.status).toBe(200);
      return traceDetailSchema.parse(res.body);
    };
    const [priced] = (await detail('ls-priced')).spans as { cost: number; input_cost: number; output_cost: number }[];
    expect(priced.input_cost).toBeCloseTo(1000 * 2.5e-6, 12);
    expect(priced.output_cost).toBeCloseTo(200 * 10e-6, 12);
    expect(priced.cost).toBeCloseTo(priced.input_cost + priced.output_cost, 12);
    const unpriced = await detail('ls-unpriced');
    expect(unpriced.trace).toMatchObject({ cost_complete: false });
    expect(unpriced.spans[0]).toMatchObject({ cost: null, input_cost: null, output_cost: null });
  });

  it.each([
    ['score_min=0.5', 'query.score_min'],
    ['score_name=q&score_min=abc', 'query.score_min'],
    ['latency_min=-1', 'query.latency_min'],
    ['cost_min=2&cost_max=1', 'query.cost_min'],
    ['tokens_max=lots', 'query.tokens_max'],
    ['metadata_key=team', 'query.metadata_value'],
    ['metadata_value=red', 'query.metadata_key'],
    ['metadata_key=a%00b&metadata_value=x', 'query.metadata_key'],
    ['scores_name=q', 'query.scores_name'],
    ['latency=5', 'query.latency'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await call(server.app, 'GET', `/api/v1/traces?${query}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(field);
  });
});
