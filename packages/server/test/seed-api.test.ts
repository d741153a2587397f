/** The curl examples of seeds/003 sections 1–5-1, on both backends, plus auth, idempotency and bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestResultSchema, statsOverviewSchema, traceDetailSchema, traceListResponseSchema } from '@tracehub/core';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, SEED_EVAL, SEED_EVENTS, SEED_LANGGRAPH, SEED_TRACE, startTestServer } from './helpers.js';
import { createAuthService } from '../src/auth/auth-service.js';

const TRACE_ID = '11111111-1111-1111-1111-111111111111';

describe.each(BACKENDS)('seed 003 API on %s', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('1) ingests a trace with spans', async () => {
    const res = await call(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    expect(res.status).toBe(200);
    expect(ingestResultSchema.parse(res.body)).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0, trace_id: TRACE_ID });
  });

  it('2) ingests span events and merges the AMENDMENT', async () => {
    const res = await call(server.app, 'POST', '/api/v1/ingest/spans', SEED_EVENTS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });
    const detail = traceDetailSchema.parse((await call(server.app, 'GET', `/api/v1/traces/${TRACE_ID}`)).body);
    const span = detail.spans[0] as { attributes: Record<string, unknown> };
    expect(span.attributes).toEqual({ model: 'gpt-4.1-mini', retry: 1 });
    expect(detail.amendments).toHaveLength(1);
    expect(detail.amendments[0]).toMatchObject({
      patch: { attributes: { retry: 1 } },
      original: { attributes: { model: 'gpt-4.1-mini' } },
      merged: { attributes: { model: 'gpt-4.1-mini', retry: 1 } },
      idempotency_key: 'amd-1',
    });
    expect(detail.timeline.some((e) => e.event_type === 'LOG')).toBe(true);
    expect(detail.has_open_spans).toBe(true);
    expect(detail.completion_rate).toBe(0);
  });

  it('2-1) ingests a LangGraph run as a node tree under the graph root', async () => {
    const res = await call(server.app, 'POST', '/api/v1/ingest/langgraph-runs', SEED_LANGGRAPH);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 4, rejected: 0 });
    const detail = (await call(server.app, 'GET', `/api/v1/traces/${SEED_LANGGRAPH.trace_id}`)).body;
    expect(detail.spans).toHaveLength(1);
    const root = detail.spans[0];
    expect(root).toMatchObject({ span_id: 'lg-run-001', name: 'agent_router', span_type: 'graph' });
    expect(root.children).toHaveLength(1);
    expect(root.children[0]).toMatchObject({ span_id: 'plan', name: 'planner', span_type: 'router', output: { route: 'retrieval' } });
    expect(root.children[0].children[0]).toMatchObject({
      span_id: 'retrieve',
      span_type: 'tool',
      input: { route: 'retrieval' },
      attributes: { 'langgraph.node_id': 'retrieve', 'langgraph.parent_node_id': 'plan', 'langgraph.graph_name': 'agent_router' },
    });
    expect(detail.trace).toMatchObject({ status: 'success', latency_ms: 4000, has_open_spans: false, completion_rate: 1 });
  });

  it('3) attaches an eval', async () => {
    const res = await call(server.app, 'POST', '/api/v1/evals', SEED_EVAL);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1 });
    const detail = (await call(server.app, 'GET', `/api/v1/traces/${TRACE_ID}`)).body;
    expect(detail.evals).toHaveLength(1);
    expect(detail.evals[0]).toMatchObject({ eval_name: 'faithfulness', score: 0.78, passed: true, user_review_passed: true });
  });

  it('sending every request again changes no count and reports duplicates', async () => {
    const before = (await call(server.app, 'GET', `/api/v1/traces/${TRACE_ID}`)).body;
    const spans = await call(server.app, 'POST', '/api/v1/ingest/spans', SEED_EVENTS);
    expect(spans.body).toMatchObject({ accepted: 0, duplicates: 2 });
    const traces = await call(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    expect(traces.body.items.find((i: { kind: string }) => i.kind === 'span').status).toBe('duplicate');
    const lg = await call(server.app, 'POST', '/api/v1/ingest/langgraph-runs', SEED_LANGGRAPH);
    expect(lg.body.duplicates).toBe(2);
    const evals = await call(server.app, 'POST', '/api/v1/evals', SEED_EVAL);
    expect(evals.body).toMatchObject({ accepted: 0, duplicates: 1 });
    const after = (await call(server.app, 'GET', `/api/v1/traces/${TRACE_ID}`)).body;
    expect(after.timeline.length).toBe(before.timeline.length);
    expect(after.evals.length).toBe(before.evals.length);
    expect(after.amendments.length).toBe(1);
    expect(after.trace.span_count).toBe(1);
  });

  it('4) lists and searches traces (Korean substring too)', async () => {
    const list = await call(server.app, 'GET', '/api/v1/traces?status=running&model=gpt-4.1-mini&search=tool&page=1&page_size=20');
    expect(list.status).toBe(200);
    traceListResponseSchema.parse(list.body);
    const korean = await call(server.app, 'GET', `/api/v1/traces?search=${encodeURIComponent('질문')}`);
    expect(korean.body.items.map((t: { trace_id: string }) => t.trace_id)).toEqual([TRACE_ID]);
    const one = await call(server.app, 'GET', `/api/v1/traces?search=${encodeURIComponent('질')}`);
    expect(one.body).toMatchObject({ total: 1, total_is_lower_bound: false });
    const all = await call(server.app, 'GET', '/api/v1/traces?sort=-start_time');
    expect(all.body.total).toBe(2);
    const open = await call(server.app, 'GET', '/api/v1/traces?has_open_spans=true');
    expect(open.body.items.map((t: { trace_id: string }) => t.trace_id)).toEqual([TRACE_ID]);
    const env = await call(server.app, 'GET', '/api/v1/traces?environment=prod&session_id=s-1&user_id=u-1');
    expect(env.body.total).toBe(1);
  });

  it('5) shows a trace detail', async () => {
    const res = await call(server.app, 'GET', `/api/v1/traces/${TRACE_ID}`);
    expect(res.status).toBe(200);
    const detail = traceDetailSchema.parse(res.body);
    expect(detail.trace).toMatchObject({ trace_id: TRACE_ID, input_text: '질문', attributes: { team: 'search' }, user_review_passed: true });
    expect(detail.decisions).toEqual([]);
  });

  it('5-1) answers the stats overview', async () => {
    const res = await call(server.app, 'GET', '/api/v1/traces/stats/overview?last_hours=24');
    expect(res.status).toBe(200);
    statsOverviewSchema.parse(res.body);
    expect(res.body.timeseries.length).toBeGreaterThan(0);
    const year = await call(server.app, 'GET', '/api/v1/traces/stats/overview?last_hours=8000');
    expect(year.body.traces.total).toBe(2);
    expect(year.body.evals).toMatchObject({ total: 1, passed: 1, pass_rate: 1 });
    expect(year.body.langgraph_runs).toBe(1);
    expect(year.body.spans.by_type).toEqual(expect.arrayContaining([
      { span_type: 'graph', spans: 1, errors: 0 },
      { span_type: 'tool', spans: 1, errors: 0 },
      { span_type: 'router', spans: 1, errors: 0 },
    ]));
  });

  it('lists sessions and one session', async () => {
    const list = await call(server.app, 'GET', '/api/v1/sessions');
    expect(list.body).toMatchObject({ total: 1, items: [{ session_id: 's-1', trace_count: 1, user_ids: ['u-1'] }] });
    const one = await call(server.app, 'GET', '/api/v1/sessions/s-1');
    expect(one.body.traces.map((t: { trace_id: string }) => t.trace_id)).toEqual([TRACE_ID]);
    expect((await call(server.app, 'GET', '/api/v1/sessions/nope')).status).toBe(404);
  });

  it('refuses missing and wrong keys; a key of another project does not see the trace', async () => {
    const none = await server.app.inject({ method: 'GET', url: '/api/v1/traces' });
    expect(none.statusCode).toBe(401);
    expect((await call(server.app, 'GET', '/api/v1/traces', undefined, 'wrong-key')).status).toBe(401);
    const bearer = await server.app.inject({ method: 'GET', url: '/api/v1/traces', headers: { authorization: 'Bearer dev-key' } });
    expect(bearer.statusCode).toBe(200);
    // Projects are instance administration, which no API key may do; made here through the service.
    expect((await call(server.app, 'POST', '/api/v1/admin/projects', { name: 'other' })).status).toBe(403);
    const created = await createAuthService(server.store.projects, () => Date.now() * 1000).createProject('other');
    const otherKey = created?.key.key as string;
    expect((await call(server.app, 'GET', `/api/v1/traces/${TRACE_ID}`, undefined, otherKey)).status).toBe(404);
    expect((await call(server.app, 'GET', '/api/v1/traces', undefined, otherKey)).body.total).toBe(0);
    const readOnly = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'reader', scopes: ['read'] });
    expect(readOnly.status).toBe(201);
    const denied = await call(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE, readOnly.body.key);
    expect(denied.status).toBe(403);
    const revoked = await call(server.app, 'DELETE', `/api/v1/admin/keys/${readOnly.body.key_id}`);
    expect(revoked.status).toBe(200);
    expect((await call(server.app, 'GET', '/api/v1/traces', undefined, readOnly.body.key)).status).toBe(401);
  });

  it('answers 400 naming the field for malformed JSON, wrong types and missing fields', async () => {
    const malformed = await server.app.inject({
      method: 'POST', url: '/api/v1/ingest/traces', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, payload: '{"trace": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body).error).toBe('bad_request');
    const missing = await call(server.app, 'POST', '/api/v1/ingest/traces', { trace: { status: 'running' } });
    expect(missing.status).toBe(400);
    expect(missing.body.issues[0].path).toBe('trace.trace_id');
    const wrongType = await call(server.app, 'POST', '/api/v1/ingest/traces', { ...SEED_TRACE, spans: [{ ...SEED_TRACE.spans[0], start_time: 'yesterday' }] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toContain('spans[0].start_time');
    const badEvent = await call(server.app, 'POST', '/api/v1/ingest/spans', { events: [{ trace_id: TRACE_ID, span_id: 'x', event_type: 'END', payload: { input_tokens: 'many' } }] });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.issues[0].path).toBe('events[0].payload.input_tokens');
    const badQuery = await call(server.app, 'GET', '/api/v1/traces?page_size=100000');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.issues[0].path).toBe('query.page_size');
    const unknown = await call(server.app, 'GET', '/api/v1/nothing-here');
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect((await call(server.app, 'GET', '/api/v1/traces')).status).toBe(200);
  });

  it('keeps good items when one is rejected (unknown parent) and answers 207', async () => {
    const res = await call(server.app, 'POST', '/api/v1/ingest/traces', {
      trace: { trace_id: 'mixed-1', name: 'mixed' },
      spans: [
        { span_id: 'a', name: 'a', start_time: '2026-02-07T10:00:00Z' },
        { span_id: 'b', name: 'b', parent_span_id: 'nope', start_time: '2026-02-07T10:00:01Z' },
        { span_id: 'c', name: 'c', parent_span_id: 'a', start_time: '2026-02-07T10:00:02Z' },
      ],
    });
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ accepted: 3, rejected: 1 });
    expect(res.body.items[2]).toMatchObject({ id: 'b', status: 'rejected' });
    const detail = (await call(server.app, 'GET', '/api/v1/traces/mixed-1')).body;
    expect(detail.span_count).toBe(2);
  });
});

describe('body limit', () => {
  it('answers 413 for an oversized body and keeps serving', async () => {
    const server = await startTestServer('sqlite', { bodyLimitBytes: 64 * 1024 });
    try {
      const big = { ...SEED_TRACE, trace: { ...SEED_TRACE.trace, input_text: 'x'.repeat(100 * 1024) } };
      const res = await call(server.app, 'POST', '/api/v1/ingest/traces', big);
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('payload_too_large');
      expect((await call(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
