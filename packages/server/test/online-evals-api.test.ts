/**
 * Online evaluators (issue 17 item 1) on both backends: a rule sampling 0.5 over 1,000 ingested
 * traces scores 450–550 of them with the fake OpenAI-compatible judge, each exactly once (source
 * `online`, the judge model, the rule version), records the judge calls as traces of their own,
 * answers a backfill's cost estimate before running it, and refuses bad input with 4xx.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createTestDatabase, tempDir, type Backend } from '../src/storage/testing/test-stores.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import type { Store } from '../src/storage/store.js';
import { createServer, type RunningServer } from '../src/server.js';
import { loadDecisionConfig } from '../src/decision/decision-config.js';
import { decisionTestConfig, send, waitFor } from '../src/decision/testing/decision-test-kit.js';
import { sampled } from '../src/online-evals/rule-match.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';

const VERDICT = JSON.stringify({ score: 4, reasoning: 'grounded', passed_items: ['answers'], failed_items: [], suggestions: [] });
const N = 1_000;

async function database(backend: Backend): Promise<Store> {
  if (backend === 'sqlite') return createSqliteStore({ file: path.join(tempDir(), 'tracehub.db') });
  return createPostgresStore({ connectionString: await createTestDatabase(), maxConnections: 4 });
}

const patch = async (server: RunningServer, url: string, body: unknown) => {
  const response = await server.app.inject({ method: 'PATCH', url, headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: response.statusCode, body: response.json() };
};

describe.each(BACKENDS)('online evaluators on %s', (backend) => {
  let fake: FakeOpenAi;
  let server: RunningServer;
  beforeAll(async () => {
    fake = await startFakeOpenAi(() => VERDICT);
    const decision = loadDecisionConfig({
      TRACEHUB_CONNECTION_FAKE_BASE_URL: fake.url, TRACEHUB_CONNECTION_FAKE_MODEL: 'judge-1', TRACEHUB_CONNECTION_FAKE_API_KEY: 'sk-secret-never-shown', TRACEHUB_CONNECTION_FAKE_ALLOW_PRIVATE: 'true',
    });
    server = await createServer(decisionTestConfig({ ingestWorker: false, onlineEvals: { intervalMs: 100, settleMs: 0, concurrency: 8, maxAttempts: 5, leaseMs: 120_000 } }), { store: await database(backend), logger: false, decision });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('lists the model connections without their keys', async () => {
    const { status, body } = await send(server.app, 'GET', '/api/v1/model-connections');
    expect(status).toBe(200);
    expect(body.connections).toEqual([
      { name: 'fake', base_url: fake.url, model: 'judge-1', models: ['judge-1'], kind: 'openai-compatible' },
      { name: 'offline', base_url: null, model: 'offline', models: ['offline'], kind: 'offline' },
    ]);
    expect(JSON.stringify(body)).not.toContain('sk-secret');
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/evaluation-rules/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.paths['/api/v1/evaluation-rules/{id}/backfill'].post).toBeTruthy();
  });

  it('refuses bad rules with 4xx', async () => {
    const good = { name: 'q', evaluators: [{ type: 'keywords' }] };
    for (const bad of [
      {}, { ...good, sampling_rate: 1.5 }, { ...good, evaluators: [] }, { ...good, connection: 'nope' }, { ...good, evaluators: [{ type: 'nonsense' }] },
      { ...good, filter: { unknown: 1 } }, { ...good, connection: 'Bad Name' }, 'not json',
    ]) {
      const { status, body } = await send(server.app, 'POST', '/api/v1/evaluation-rules', bad);
      expect(status, JSON.stringify(bad)).toBe(400);
      expect(body.error).toBeTruthy();
    }
    expect((await send(server.app, 'GET', '/api/v1/evaluation-rules/none')).status).toBe(404);
    expect((await send(server.app, 'POST', '/api/v1/evaluation-rules/none/backfill', { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' })).status).toBe(404);
    expect((await patch(server, '/api/v1/evaluation-rules/none', { sampling_rate: 0.1 })).status).toBe(404);
  });

  it('a rule sampling 0.5 over 1,000 new traces scores 450–550 of them, each once, with the judge model and source online', async () => {
    const created = await send(server.app, 'POST', '/api/v1/evaluation-rules', {
      name: 'groundedness', filter: { environment: 'prod', tags: ['rag'] }, sampling_rate: 0.5, connection: 'fake',
      evaluators: [{ type: 'llm_judge', name: 'grounded', rubric: 'Is the answer grounded in the context? 1-5' }],
    });
    expect(created.status).toBe(201);
    const ruleId: string = created.body.id;
    expect(created.body).toMatchObject({ name: 'groundedness', sampling_rate: 0.5, connection: 'fake', version: 1, enabled: true });
    expect((await send(server.app, 'POST', '/api/v1/evaluation-rules', { name: 'groundedness', evaluators: [{ type: 'keywords' }] })).status).toBe(409);

    const ids = Array.from({ length: N }, (_, i) => `live-${String(i).padStart(4, '0')}`);
    for (const id of ids) {
      const trace = { trace_id: id, name: 'rag', environment: 'prod', tags: ['rag'], input_text: `question ${id}`, output_text: `answer ${id}`, start_time: new Date().toISOString() };
      expect((await send(server.app, 'POST', '/api/v1/ingest/traces', { trace, spans: [] })).status).toBe(200);
    }
    // Not matched by the filter: never judged.
    expect((await send(server.app, 'POST', '/api/v1/ingest/traces', { trace: { trace_id: 'staging-1', environment: 'staging', tags: ['rag'], output_text: 'answer staging-1' }, spans: [] })).status).toBe(200);

    const expected = ids.filter((id) => sampled(ruleId, id, 0.5)).length;
    const rule = await waitFor(async () => {
      const { body } = await send(server.app, 'GET', `/api/v1/evaluation-rules/${ruleId}`);
      // Done once every trace was considered: judged, or skipped (not sampled or not matched). Traces are
      // considered in polling batches, so the last skips can come after the last judgement.
      return body.items.done === expected && body.items.skipped === N + 1 - expected && !body.items.pending && !body.items.running ? body : null;
    }, 150_000);
    expect(rule.items).toEqual({ done: expected, skipped: N + 1 - expected });
    expect(expected).toBeGreaterThanOrEqual(450);
    expect(expected).toBeLessThanOrEqual(550);

    // Each sampled trace was judged once and scored once.
    const judged = fake.chatRequests.map((r) => /answer (live-\d+|staging-1)/.exec(r.messages.map((m) => m.content).join('\n'))?.[1]);
    expect(judged).toHaveLength(expected);
    expect(new Set(judged).size).toBe(expected);
    expect(judged).not.toContain('staging-1');
    const [{ project_id }] = await server.store.onlineEvals.enabledRules();
    let scored = 0;
    for (const id of ids) {
      const evals = (await server.store.traces.getTraceEvals(project_id, id)).filter((e) => e.source === 'online');
      expect(evals.length).toBe(sampled(ruleId, id, 0.5) ? 1 : 0);
      if (evals.length) {
        scored++;
        expect(evals[0]).toMatchObject({ eval_name: 'grounded', eval_model: 'judge-1', score: 0.75, passed: true });
        expect(JSON.parse(evals[0].metadata)).toMatchObject({ rule_id: ruleId, rule_version: 1, evaluator_type: 'llm_judge' });
      }
    }
    expect(scored).toBe(expected);

    // The judge calls are traced: one trace per scored trace, in the online-eval environment, never judged itself.
    const judgeTraces = await send(server.app, 'GET', '/api/v1/traces?environment=tracehub-online-eval&page_size=1');
    expect(judgeTraces.body.total).toBe(expected);
  }, 300_000);

  it('estimates a backfill (dry run) before queuing it, and a change bumps the rule version', async () => {
    const created = await send(server.app, 'POST', '/api/v1/evaluation-rules', {
      name: 'past', filter: { environment: 'prod' }, sampling_rate: 0.1, connection: 'offline', evaluators: [{ type: 'keywords', keywords: ['answer'] }],
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const selected = Array.from({ length: N }, (_, i) => `live-${String(i).padStart(4, '0')}`).filter((t) => sampled(id, t, 0.1)).length;
    const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const dry = await send(server.app, 'POST', `/api/v1/evaluation-rules/${id}/backfill`, range);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, traces_in_range: N + 1, traces_selected: selected, judge_calls: 0, judge_model: 'offline' });
    expect((await send(server.app, 'GET', `/api/v1/evaluation-rules/${id}`)).body.items).toEqual({});
    expect((await send(server.app, 'POST', `/api/v1/evaluation-rules/${id}/backfill`, { ...range, to: range.from })).status).toBe(400);
    const run = await send(server.app, 'POST', `/api/v1/evaluation-rules/${id}/backfill`, { ...range, dry_run: false });
    expect(run.body).toMatchObject({ dry_run: false, queued: selected });
    await waitFor(async () => (await send(server.app, 'GET', `/api/v1/evaluation-rules/${id}`)).body.items.done === selected, 150_000);
    expect((await send(server.app, 'GET', `/api/v1/evaluation-rules/${id}`)).body.items).toEqual({ done: selected, skipped: N + 1 - selected });
    const changed = await patch(server, `/api/v1/evaluation-rules/${id}`, { sampling_rate: 0.2, enabled: false });
    expect(changed.body).toMatchObject({ version: 2, sampling_rate: 0.2, enabled: false });
    expect((await patch(server, `/api/v1/evaluation-rules/${id}`, {})).status).toBe(400);
    expect((await send(server.app, 'DELETE', `/api/v1/evaluation-rules/${id}`)).body).toEqual({ deleted: true });
    expect((await send(server.app, 'GET', '/api/v1/evaluation-rules')).body.rules.map((r: { name: string }) => r.name)).toEqual(['groundedness']);
  }, 240_000);
});
