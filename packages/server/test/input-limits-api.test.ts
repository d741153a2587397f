/**
 * "Nothing accepted may break a read; no bad input gets a 5xx" (docs/security.md, Input limits), on
 * both backends: time and number ranges, JSON depth, text no database holds as sent, 128-character
 * ids through route parameters, stored rows from older versions, and deleting a trace.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionViewSchema, statsOverviewSchema, traceDetailSchema, traceListResponseSchema } from '@tracehub/core';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { newTrace } from '../src/ingest/trace-state.js';
import { newSpan } from '../src/ingest/span-state.js';
import { call, startTestServer } from './helpers.js';

const T = '2026-02-07T10:00:00Z';
const deep = (levels: number, leaf: unknown = 'leaf'): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { d: value };
  return value;
};
/** Raw JSON text nested `levels` deep (built as text: no recursion anywhere). */
const deepText = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
const LONG_ID = 'id/ä %?#'.repeat(16);

describe.each(BACKENDS)('input limits on %s', (backend) => {
  let server: RunningServer;
  const post = (url: string, body: unknown) => call(server.app, 'POST', url, body);
  const raw = (url: string, payload: string, type = 'application/json') =>
    server.app.inject({ method: 'POST', url, headers: { 'x-api-key': 'dev-key', 'content-type': type }, payload });
  const readsAnswer200 = async (traceId: string) => {
    const list = await call(server.app, 'GET', '/api/v1/traces?page_size=200');
    expect(list.status).toBe(200);
    traceListResponseSchema.parse(list.body);
    const detail = await call(server.app, 'GET', `/api/v1/traces/${encodeURIComponent(traceId)}`);
    expect(detail.status).toBe(200);
    traceDetailSchema.parse(detail.body);
    const sessions = await call(server.app, 'GET', '/api/v1/sessions');
    expect(sessions.status).toBe(200);
    for (const session of sessions.body.items) sessionViewSchema.parse(session);
    const stats = await call(server.app, 'GET', '/api/v1/traces/stats/overview');
    expect(stats.status).toBe(200);
    statsOverviewSchema.parse(stats.body);
    return detail.body as { span_count: number; trace: { trace_id: string; name: string }; spans: { span_id: string; name: string; input: unknown; output: unknown }[] };
  };

  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses out-of-range times with 400 naming the field and a unit hint, on every ingest path', async () => {
    const nanos = 1_770_000_000_000_000_000;
    const cases: [string, unknown, string, string][] = [
      ['/api/v1/ingest/traces', { trace: { trace_id: 't', start_time: nanos } }, 'trace.start_time', 'nanoseconds'],
      ['/api/v1/ingest/traces', { trace: { trace_id: 't' }, spans: [{ span_id: 's', name: 's', end_time: 1_770_000_000_000_000 }] }, 'spans[0].end_time', 'microseconds'],
      ['/api/v1/ingest/spans', { events: [{ trace_id: 't', span_id: 's', event_type: 'START', event_time: 1_770_000_000 }] }, 'events[0].event_time', 'seconds'],
      ['/api/v1/ingest/spans', { events: [{ trace_id: 't', span_id: 's', event_type: 'END', payload: { end_time: '2300-01-01T00:00:00Z' } }] }, 'events[0].payload.end_time', '2100'],
      ['/api/v1/ingest/langgraph-runs', { trace_id: 't', graph_name: 'g', nodes: [{ node_id: 'n', start_time: nanos }] }, 'nodes[0].start_time', 'nanoseconds'],
      ['/api/v1/evals', { trace_id: 't', eval_name: 'e', score: 1, eval_time: '1970-01-01T00:00:00Z' }, 'eval_time', '2000-01-01'],
      ['/api/v1/policies', { name: 'p', effective_from: nanos, definition: { rules: [] } }, 'effective_from', 'nanoseconds'],
    ];
    for (const [url, body, field, hint] of cases) {
      const res = await post(url, body);
      expect(res.status, `${url} ${field}`).toBe(400);
      expect(res.body.message).toContain(field);
      expect(res.body.message).toContain(hint);
    }
  });

  it('refuses numbers whose sums could overflow, including through an AMENDMENT', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/v1/ingest/traces', { trace: { trace_id: 't' }, spans: [{ span_id: 's', name: 's', cost: 1e308 }] }, 'spans[0].cost'],
      ['/api/v1/ingest/traces', { trace: { trace_id: 't' }, spans: [{ span_id: 's', name: 's', input_tokens: 1e15 }] }, 'spans[0].input_tokens'],
      ['/api/v1/evals', { trace_id: 't', eval_name: 'e', score: 1e300 }, 'score'],
      ['/api/v1/ingest/spans', { events: [{ trace_id: 't', span_id: 's', event_type: 'AMENDMENT', payload: { patch: { cost: 1e308 } } }] }, 'events[0].payload.patch.cost'],
      ['/api/v1/ingest/langgraph-runs', { trace_id: 't', graph_name: 'g', nodes: [{ node_id: 'n', output_tokens: 2e9 }] }, 'nodes[0].output_tokens'],
    ];
    for (const [url, body, field] of cases) {
      const res = await post(url, body);
      expect(res.status, field).toBe(400);
      expect(res.body.message).toContain(field);
    }
  });

  it('answers 400 to JSON nested 4,000 deep on ingest, decide, policies, experiments and OTLP', async () => {
    const body = (inner: string) => `{"trace":{"trace_id":"deep","attributes":{"x":${inner}}}}`;
    for (const [url, payload] of [
      ['/api/v1/ingest/traces', body(deepText(4000))],
      ['/api/v1/decide', `{"trace_id":"deep","request_payload":{"x":${deepText(4000)}}}`],
      ['/api/v1/policies', `{"name":"deep","definition":${deepText(4000)}}`],
      ['/api/v1/experiments', `{"run":{"run_id":"r"},"items":${deepText(4000)}}`],
      ['/v1/traces', `{"resourceSpans":${deepText(4000)}}`],
    ]) {
      const res = await raw(url, payload);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toMatch(/nested more than \d+ levels/);
    }
    const yaml = await raw('/api/v1/policies', `name: deep\ndefinition: ${deepText(200)}\n`, 'application/yaml');
    expect(yaml.statusCode).toBe(400);
  });

  it('rejects OTLP spans alone for out-of-range times or costs, and 400s deep gzip\'d OTLP JSON', async () => {
    const traceId = '6b8efff798038103d269b633813fc60c';
    const span = (spanId: string, extra: Record<string, unknown> = {}) => ({
      traceId, spanId, name: `s-${spanId}`, startTimeUnixNano: '1770458400000000000', endTimeUnixNano: '1770458401000000000', ...extra,
    });
    const res = await raw('/v1/traces', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [
      span('aaa19b7ec3c1b174'),
      span('aaa19b7ec3c1b175', { startTimeUnixNano: '1770458400000000', endTimeUnixNano: '1770458401000000' }),
      span('aaa19b7ec3c1b176', { attributes: [{ key: 'gen_ai.usage.cost', value: { doubleValue: 1e308 } }] }),
    ] }] }] }));
    expect(res.statusCode).toBe(200);
    const answer = JSON.parse(res.body) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(Number(answer.partialSuccess.rejectedSpans)).toBe(2);
    expect(answer.partialSuccess.errorMessage).toContain('2000-01-01');
    const detail = await call(server.app, 'GET', `/api/v1/traces/${traceId}`);
    expect(detail.body.span_count).toBe(1);
    const gz = await server.app.inject({
      method: 'POST', url: '/v1/traces', payload: gzipSync(`{"resourceSpans":${deepText(4000)}}`),
      headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(gz.statusCode).toBe(400);
    expect(gz.body).toMatch(/nested more than \d+ levels/);
  });

  it('accepts nasty but valid writes, and the list, detail, sessions and stats still answer 200', async () => {
    const ingest = await post('/api/v1/ingest/traces', {
      trace: {
        trace_id: LONG_ID, name: 'nul\u0000name', start_time: T, session_id: 'session \\u0000 text', input_text: 'a \\u0000 b \ud800',
        attributes: { nul: 'x\u0000', text: '\\u0000', lone: '\udc00' }, tags: ['nul\u0000tag'],
      },
      spans: [
        { span_id: LONG_ID, name: 'root\u0000', start_time: T, end_time: '2026-02-07T10:00:01Z', cost: 1_000_000, input_tokens: 1_000_000_000, input: deep(100) },
        ...Array.from({ length: 20 }, (_, i) => ({ span_id: `c${i}`, parent_span_id: LONG_ID, name: `c\ud83d${i}`, start_time: T, cost: 1_000_000, output: '\\u0000\u0000' })),
      ],
    });
    expect(ingest.status).toBe(200);
    expect(ingest.body).toMatchObject({ accepted: 22, rejected: 0 });
    // Session and user ids are looked up in URLs: NUL, lone surrogates and "."/".." are refused there.
    for (const [field, value] of [['session_id', 'sess\u0000ion'], ['session_id', '..'], ['user_id', 'u\ud800'], ['trace_id', '.']]) {
      const refused = await post('/api/v1/ingest/traces', { trace: { trace_id: 'refused-id', start_time: T, [field]: value } });
      expect(refused.status, `${field} ${JSON.stringify(value)}`).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(field);
    }
    const graph = await post('/api/v1/ingest/langgraph-runs', {
      trace_id: 'lg-deep', graph_name: 'g', start_time: T, input_state: deep(110), nodes: [{ node_id: 'n\ud800'.slice(0, 1), input_state: deep(110), start_time: T }],
    });
    expect(graph.body).toMatchObject({ rejected: 0 });
    expect(graph.status).toBe(200);
    const events = await post('/api/v1/ingest/spans', {
      events: [{ trace_id: LONG_ID, span_id: LONG_ID, event_type: 'LOG', event_time: T, payload: { message: 'log \u0000 \\u0000 \udfff' } }],
    });
    expect(events.status).toBe(200);
    const evals = await post('/api/v1/evals', { trace_id: LONG_ID, span_id: LONG_ID, eval_name: 'e\u0000', score: 1e12, comment: { c: '\\u0000\u0000\ud800' } });
    expect(evals.status).toBe(200);

    const detail = await readsAnswer200(LONG_ID);
    expect(detail.trace.trace_id).toBe(LONG_ID);
    expect(['nul\u0000name', 'nulname']).toContain(detail.trace.name);
    expect(detail.spans.find((s) => s.span_id === LONG_ID)?.input).toEqual(deep(100));
    expect((await readsAnswer200('lg-deep')).span_count).toBe(2);
    const list = await call(server.app, 'GET', '/api/v1/traces?sort=cost:desc');
    // The root's own cost is not added to its children's (docs/otlp-mapping.md#token-and-cost-totals-no-double-counting).
    expect(list.body.items[0]).toMatchObject({ trace_id: LONG_ID, cost: 20_000_000 });
  });

  it('never answers 5xx to NUL, the text \\u0000 or lone surrogates on the other writes, and reads them back', async () => {
    const nasty = 'a\u0000b \\u0000 c\ud800d \\\\u0000';
    const writes: [string, unknown][] = [
      ['/api/v1/decide', { trace_id: 'nasty-decide', request_payload: { q: nasty, [nasty]: nasty }, response_payload: { text: `${nasty} a@b.com` } }],
      ['/api/v1/policies', {
        name: 'nasty', description: nasty,
        definition: { rules: [{ when: { any: [{ field: 'signals.pii', op: 'eq', value: true }] }, then: { action: 'ESCALATE', reason_code: 'PII', severity: 'high' }, metadata: { m: nasty } }] },
      }],
      ['/api/v1/prompts', { name: 'nasty', prompt: nasty, config: { k: nasty }, labels: ['staging'], commit_message: nasty }],
      ['/api/v1/datasets/nasty/items', { items: [{ item_id: 'i1', input: { q: nasty }, expected: nasty, metadata: { m: nasty } }], mode: 'replace', message: nasty }],
      ['/api/v1/experiments', {
        run: { run_id: 'nasty', name: 'n', dataset_name: 'd', model_name: 'm', summary: { s: nasty }, metrics: { m: nasty }, config: { c: nasty } },
        items: [{ key: 'k', item_id: 'i', status: 'ok', passed: true, score: 1, input: { q: nasty }, expected: nasty, metadata: { m: nasty }, output: 'x' }],
      }],
    ];
    for (const [url, body] of writes) {
      const res = await post(url, body);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
    const policies = await call(server.app, 'GET', '/api/v1/policies');
    expect(policies.status).toBe(200);
    for (const policy of policies.body.items as { policy_id: string }[]) {
      expect((await call(server.app, 'GET', `/api/v1/policies/${policy.policy_id}/versions`)).status).toBe(200);
    }
    expect((await call(server.app, 'GET', '/api/v1/traces/nasty-decide')).status).toBeLessThan(500);
    expect((await call(server.app, 'GET', '/api/v1/experiments/nasty')).status).toBe(200);
  });

  it('refuses ids with NUL characters or lone surrogates with 400, and ids over 128 characters with 400 (not 404)', async () => {
    const nul = await post('/api/v1/ingest/traces', { trace: { trace_id: 'a\u0000b' } });
    expect(nul.status).toBe(400);
    expect(nul.body.message).toContain('trace.trace_id');
    const lone = await post('/api/v1/ingest/traces', { trace: { trace_id: 'ok' }, spans: [{ span_id: 'x\ud800', name: 'n' }] });
    expect(lone.status).toBe(400);
    expect((await call(server.app, 'GET', `/api/v1/traces/${'x'.repeat(129)}`)).status).toBe(400);
    expect((await call(server.app, 'GET', `/api/v1/traces/${encodeURIComponent(LONG_ID.replace('id', 'no'))}`)).status).toBe(404);
  });

  it('reads and deletes a trace whose stored times an older version accepted (a nanosecond epoch)', async () => {
    // What the old version stored for a nanosecond epoch sent as milliseconds; PostgreSQL's BIGINT
    // refused that, so there the largest value it holds stands in.
    const broken = backend === 'sqlite' ? 1.77e21 : 1.77e18;
    await server.store.traces.ingest(async (tx) => {
      await tx.putTraces([{ ...newTrace('default', 'broken', broken, broken), session_id: 'broken-session', end_time: broken + 1, latency_ms: 1e15 }]);
      await tx.putSpans([{ ...newSpan('default', 'broken', 's', broken, broken), end_time: -broken }]);
    });
    const projects = await server.store.projects.listProjects();
    const projectId = projects.find((p) => p.name === 'default')?.project_id;
    if (projectId !== 'default') {
      // The bootstrap project has a generated id: move the rows there.
      await server.store.traces.deleteTrace('default', 'broken');
      await server.store.traces.ingest(async (tx) => {
        await tx.putTraces([{ ...newTrace(projectId!, 'broken', broken, broken), session_id: 'broken-session', end_time: broken + 1, latency_ms: 1e15 }]);
        await tx.putSpans([{ ...newSpan(projectId!, 'broken', 's', broken, broken), end_time: -broken }]);
      });
    }
    const detail = await readsAnswer200('broken');
    expect(detail.span_count).toBe(1);
    expect((await call(server.app, 'GET', '/api/v1/sessions/broken-session')).status).toBe(200);
    const deleted = await call(server.app, 'DELETE', '/api/v1/traces/broken');
    expect(deleted.status).toBe(204);
    expect((await call(server.app, 'GET', '/api/v1/traces/broken')).status).toBe(404);
    expect((await call(server.app, 'DELETE', '/api/v1/traces/broken')).status).toBe(404);
  });

  it('deletes a trace with its decisions, and a 128-character id through the route parameter', async () => {
    expect((await post('/api/v1/decide', { trace_id: LONG_ID, response_payload: { text: 'hello' } })).status).toBe(200);
    const before = await call(server.app, 'GET', `/api/v1/traces/${encodeURIComponent(LONG_ID)}`);
    expect(before.body.decisions.length).toBeGreaterThan(0);
    expect((await call(server.app, 'DELETE', `/api/v1/traces/${encodeURIComponent(LONG_ID)}`)).status).toBe(204);
    expect((await call(server.app, 'GET', `/api/v1/traces/${encodeURIComponent(LONG_ID)}`)).status).toBe(404);
    const list = await call(server.app, 'GET', '/api/v1/traces?page_size=200');
    expect(list.body.items.map((t: { trace_id: string }) => t.trace_id)).not.toContain(LONG_ID);
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses: object }>> };
    expect(Object.keys(doc.paths['/api/v1/traces/{trace_id}'].delete.responses)).toContain('204');
  });
});
