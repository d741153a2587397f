/**
 * A/B tests over the API on both backends: definitions and bad input, sticky assignment that the
 * server, the TypeScript SDK and the Python SDK compute alike, results over attributed traces, and
 * end-user feedback through a write-only `feedback` key (CORS on that route only).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { assignVariant } from '../src/ab-tests/assign.js';
import { sampleRatioCheck } from '../src/ab-tests/statistics.js';
import { assign as sdkAssign } from '../../sdk/src/ab.js';
import { call, startTestServer } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const T0 = Date.parse('2026-02-07T10:00:00Z');

const DEFINITION = {
  name: 'new-model',
  unit: 'session_id',
  variants: [
    { key: 'control', weight: 90, model: 'gpt-4.1-mini', endpoint: 'LLM_API_BASE' },
    { key: 'finetuned', weight: 10, model: 'qwen-ft', endpoint: 'LLM_API_BASE_NEW_MODEL', params: { temperature: 0.2 } },
  ],
  primary_metric: 'review_pass_rate',
  guardrail_metrics: ['error_rate', 'latency_ms', 'eval:relevance'],
};

/** The Python SDK's variants for `ids` under `test`, by running python3 on sdk/python. */
function pythonAssign(test: unknown, ids: string[]): string[] {
  const script = 'import json, sys\nfrom llm_trace_hub.ab import assign\nd = json.load(sys.stdin)\nprint(json.dumps([assign(d["test"], i)["key"] for i in d["ids"]]))';
  const run = spawnSync('python3', ['-c', script], {
    cwd: ROOT, input: JSON.stringify({ test, ids }), encoding: 'utf8', env: { ...process.env, PYTHONPATH: `${ROOT}sdk/python` }, timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

describe.each(BACKENDS)('A/B tests API on %s', (backend) => {
  let server: RunningServer;
  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, key?: string) => call(server.app, method, `/api/v1${url}`, body, key);
  let test: { test_id: string; salt: string; variants: { key: string; weight: number }[] };

  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a test (201), finds it by id or name, lists it, and refuses a second of the same name (409)', async () => {
    const created = await api('POST', '/ab-tests', DEFINITION);
    expect(created.status).toBe(201);
    test = created.body;
    expect(created.body).toMatchObject({ name: 'new-model', control: 'control', unit: 'session_id', status: 'running', minimum_lift: 0.05 });
    expect(created.body.test_id).toMatch(/^ab_[0-9a-f]{16}$/);
    expect(created.body.salt).toMatch(/^[0-9a-f]{24}$/);
    expect((await api('GET', `/ab-tests/${test.test_id}`)).body).toEqual(created.body);
    expect((await api('GET', '/ab-tests/new-model')).body.test_id).toBe(test.test_id);
    expect((await api('GET', '/ab-tests')).body.tests.map((t: { name: string }) => t.name)).toEqual(['new-model']);
    const again = await api('POST', '/ab-tests', DEFINITION);
    expect([again.status, again.body.error]).toEqual([409, 'conflict']);
  });

  it('answers 400 for bad definitions and 404 for unknown tests, never 5xx', async () => {
    const bad = [
      { ...DEFINITION, name: 'x', variants: [{ key: 'a', weight: 1 }] },
      { ...DEFINITION, name: 'x', variants: [{ key: 'a', weight: 1 }, { key: 'a', weight: 1 }] },
      { ...DEFINITION, name: 'x', variants: [{ key: 'a', weight: 0 }, { key: 'b', weight: 1 }] },
      { ...DEFINITION, name: 'x', variants: [{ key: 'a', weight: 1.5 }, { key: 'b', weight: 1 }] },
      { ...DEFINITION, name: 'x', primary_metric: 'happiness' },
      { ...DEFINITION, name: 'x', unit: 'trace_id' },
      { ...DEFINITION, name: 'x', start_at: '2026-02-08T00:00:00Z', stop_at: '2026-02-07T00:00:00Z' },
      { ...DEFINITION, name: 'x', surprise: true },
      [],
      'text',
    ];
    for (const body of bad) expect((await api('POST', '/ab-tests', body)).status).toBe(400);
    expect((await api('GET', '/ab-tests/nope')).status).toBe(404);
    expect((await api('GET', '/ab-tests/nope/results')).status).toBe(404);
    expect((await api('POST', '/ab-tests/nope/assign', { unit_id: 's' })).status).toBe(404);
    expect((await api('POST', `/ab-tests/${test.test_id}/assign`, {})).status).toBe(400);
    expect((await api('GET', `/ab-tests/${test.test_id}/results?alpha=2`)).status).toBe(400);
    // NUL and lone surrogates never reach the database (PostgreSQL would refuse them with a 5xx).
    for (const id of ['a%00b', '%ED%A0%80', 'x'.repeat(129)]) expect((await api('GET', `/ab-tests/${id}`)).status).toBe(400);
    expect((await api('POST', '/ab-tests', { ...DEFINITION, name: 'a\u0000b' })).status).toBe(400);
    expect((await api('POST', `/ab-tests/${test.test_id}/assign`, { unit_id: 'a\u0000b' })).status).toBe(400);
  });

  it('assigns 10,000 generated session ids 90/10 within the SRM tolerance, each to the same variant in the server, the TypeScript SDK and the Python SDK', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `sess-${i}-${(i * 2654435761) % 1_000_003}`);
    ids.push('세션-한글', 'emoji-🙂', '');
    const server10k = ids.map((id) => assignVariant(test, id));
    const counts = ['control', 'finetuned'].map((k) => server10k.slice(0, 10_000).filter((v) => v === k).length);
    expect(sampleRatioCheck(counts, [90, 10]).mismatch).toBe(false);
    expect(ids.map((id) => sdkAssign(test, id).key)).toEqual(server10k);
    expect(pythonAssign(test, ids)).toEqual(server10k);
    for (const id of ids.slice(0, 200).concat(['세션-한글'])) {
      const answer = await api('POST', `/ab-tests/${test.test_id}/assign`, { unit_id: id });
      expect(answer.status).toBe(200);
      expect(answer.body.variant.key).toBe(assignVariant(test, id));
      expect(answer.body.attributes).toEqual({ 'ab.test_id': test.test_id, 'ab.variant': answer.body.variant.key });
    }
    expect(sdkAssign(test, ids[1]).attributes).toEqual({ 'ab.test_id': test.test_id, 'ab.variant': server10k[1] });
  });

  it('end-user feedback with a feedback-only key: recorded as a `user` evaluation setting user_review_passed; the key can do nothing else; CORS on that route only', async () => {
    const key = (await api('POST', '/admin/keys', { name: 'browser', scopes: ['feedback'] })).body.key as string;
    await api('POST', '/ingest/traces', { trace: { trace_id: 'fb-1', name: 'search', start_time: new Date(T0).toISOString(), attributes: {} } });
    const up = await api('POST', '/feedback', { trace_id: 'fb-1', rating: 'up', comment: '좋아요' }, key);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ trace_id: 'fb-1', passed: true });
    const detail = await api('GET', '/traces/fb-1');
    expect(detail.body.trace.user_review_passed).toBe(true);
    // Feedback changes nothing else of the trace.
    expect(detail.body.trace).toMatchObject({ name: 'search', status: 'running', start_time: '2026-02-07T10:00:00.000000Z' });
    expect(detail.body.evals).toEqual([expect.objectContaining({ eval_name: 'user_feedback', source: 'user', score: 1, passed: true, label: 'up' })]);
    expect((await api('POST', '/feedback', { trace_id: 'fb-1', score: 0.2 }, key)).body.passed).toBe(false);
    expect((await api('GET', '/traces/fb-1')).body.trace.user_review_passed).toBe(false);

    expect((await api('POST', '/feedback', { trace_id: 'missing', rating: 'up' }, key)).status).toBe(404);
    for (const body of [{ trace_id: 'fb\u0000' , rating: 'up' }, { trace_id: 'fb-1' }, { trace_id: 'fb-1', rating: 'up', score: 1 }, { trace_id: 'fb-1', rating: 'meh' }, { trace_id: 'fb-1', score: 7 }]) {
      expect((await api('POST', '/feedback', body, key)).status).toBe(400);
    }
    expect((await api('GET', '/traces/fb-1', undefined, key)).status).toBe(403);
    expect((await api('GET', '/ab-tests', undefined, key)).status).toBe(403);
    expect((await api('POST', '/ingest/traces', { trace: { trace_id: 'fb-2', name: 'x' } }, key)).status).toBe(403);
    expect((await api('POST', '/ab-tests', { ...DEFINITION, name: 'by-feedback-key' }, key)).status).toBe(403);

    const preflight = await server.app.inject({
      method: 'OPTIONS', url: '/api/v1/feedback',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const post = await server.app.inject({
      method: 'POST', url: '/api/v1/feedback', headers: { origin: 'https://shop.example', 'x-api-key': key, 'content-type': 'application/json' },
      payload: JSON.stringify({ trace_id: 'fb-1', rating: 'up' }),
    });
    expect([post.statusCode, post.headers['access-control-allow-origin']]).toEqual([201, '*']);
    const badKey = await server.app.inject({
      method: 'POST', url: '/api/v1/feedback', headers: { origin: 'https://shop.example', 'x-api-key': 'th_not-a-key', 'content-type': 'application/json' },
      payload: JSON.stringify({ trace_id: 'fb-1', rating: 'up' }),
    });
    expect([badKey.statusCode, badKey.headers['access-control-allow-origin']]).toEqual([401, '*']);
    const other = await server.app.inject({ method: 'GET', url: '/api/v1/ab-tests', headers: { origin: 'https://shop.example', 'x-api-key': 'dev-key' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('results: per-variant volume and metrics with intervals over the attributed traces, SRM and a verdict', async () => {
    const traces = [];
    for (let i = 0; i < 300; i++) {
      const session = `r-${i}`;
      const variant = assignVariant(test, session);
      traces.push({
        trace: {
          trace_id: `ab-${i}`, name: 'search', session_id: session, start_time: new Date(T0 + i * 1000).toISOString(), end_time: new Date(T0 + i * 1000 + 200 + (i % 7) * 10).toISOString(),
          status: i % 25 === 0 ? 'error' : 'success', user_review_passed: i % 3 !== 0, attributes: { 'ab.test_id': test.test_id, 'ab.variant': variant },
        },
      });
    }
    for (const body of traces) expect((await api('POST', '/ingest/traces', body)).status).toBeLessThan(300);
    await api('POST', '/evals', { evals: traces.slice(0, 50).map((t) => ({ trace_id: t.trace.trace_id, eval_name: 'relevance', score: 0.5 })) });
    const results = await api('GET', `/ab-tests/${test.test_id}/results`);
    expect(results.status).toBe(200);
    const body = results.body;
    expect(body.traces_read).toBe(300);
    expect(body.truncated).toBe(false);
    expect(body.variants.map((v: { key: string }) => v.key)).toEqual(['control', 'finetuned']);
    expect(body.variants[0].units + body.variants[1].units).toBe(300);
    expect(body.srm.mismatch).toBe(false);
    const control = body.variants[0];
    const pass = control.metrics.find((m: { metric: string }) => m.metric === 'review_pass_rate');
    expect(pass.value.low).toBeLessThan(pass.value.estimate);
    expect(pass.value.high).toBeGreaterThan(pass.value.estimate);
    expect(pass.difference).toBeUndefined();
    const treatmentPass = body.variants[1].metrics.find((m: { metric: string }) => m.metric === 'review_pass_rate');
    expect(treatmentPass.difference.sequential.high - treatmentPass.difference.sequential.low).toBeGreaterThan(treatmentPass.difference.high - treatmentPass.difference.low);
    // Rates stay shares: intervals within [0, 1], differences within [-1, 1].
    for (const v of body.variants) for (const m of v.metrics.filter((x: { metric: string }) => x.metric.endsWith('_rate'))) {
      if (m.value.low !== null) expect([m.value.low >= 0, m.value.high <= 1]).toEqual([true, true]);
      if (m.difference?.sequential.low != null) expect([m.difference.sequential.low >= -1, m.difference.sequential.high <= 1]).toEqual([true, true]);
    }
    expect(control.metrics.map((m: { metric: string }) => m.metric)).toContain('eval:relevance');
    expect(control.latency_p95_ms.estimate).toBeGreaterThanOrEqual(control.latency_p50_ms.estimate);
    expect(body.verdict).toMatch(/^finetuned: no detectable difference on review_pass_rate yet; about [\d,]+ more sessions needed for a 5 % lift\./);
  });
});
