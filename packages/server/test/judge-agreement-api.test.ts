/**
 * Judge calibration (issue 17 item 3) on both backends: an online LLM-judge rule scores ten traces
 * through the fake OpenAI-compatible judge, people score the same traces through `POST /evals`
 * (source `human`), and `GET /evaluators/{name}/agreement` answers Cohen's kappa, the confusion
 * matrix and the disagreements as computed by hand below; numeric scores (from an experiment) give
 * Pearson's r and the mean absolute error; the source filter and the time window apply; bad
 * queries are 400s; a `judge_agreement` alert rule fires when kappa drops below its threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createServer } from '../src/server.js';
import { loadDecisionConfig } from '../src/decision/decision-config.js';
import { decisionTestConfig, send, waitFor } from '../src/decision/testing/decision-test-kit.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';
import { BACKENDS, createTestStore } from '../src/storage/testing/test-stores.js';

const verdict = (score: number) => JSON.stringify({ score, reasoning: score >= 3 ? 'grounded in the context' : 'not grounded', passed_items: [], failed_items: [], suggestions: [] });

// The judge passes t0–t5 (their output says "good") and fails t6–t9; the reviewer passes t0–t3 and t6.
const JUDGE = [true, true, true, true, true, true, false, false, false, false];
const HUMAN = [true, true, true, true, false, false, true, false, false, false];

describe.each(BACKENDS)('judge agreement on %s', (backend) => {
  let fake: FakeOpenAi;
  let server: RunningServer;
  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => verdict(request.messages.some((m) => m.content.includes('answer good')) ? 5 : 1));
    const decision = loadDecisionConfig({ TRACEHUB_CONNECTION_FAKE_BASE_URL: fake.url, TRACEHUB_CONNECTION_FAKE_MODEL: 'judge-1', TRACEHUB_CONNECTION_FAKE_API_KEY: 'sk-test', TRACEHUB_CONNECTION_FAKE_ALLOW_PRIVATE: 'true' });
    const config = decisionTestConfig({ ingestWorker: false, alertIntervalSeconds: 0.1, onlineEvals: { intervalMs: 50, settleMs: 0, concurrency: 4, maxAttempts: 3, leaseMs: 60_000 } });
    server = await createServer(config, { store: await createTestStore(backend), logger: false, decision });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it("answers Cohen's kappa, the confusion matrix and the disagreements of an online judge against people", async () => {
    const rule = await send(server.app, 'POST', '/api/v1/evaluation-rules', {
      name: 'grounding', filter: { environment: 'prod' }, connection: 'fake',
      evaluators: [{ type: 'llm_judge', name: 'grounded', rubric: 'Is the answer grounded? 1-5' }],
    });
    expect(rule.status).toBe(201);
    for (let i = 0; i < 10; i++) {
      const trace = { trace_id: `t${i}`, environment: 'prod', input_text: `question ${i}`, output_text: `answer ${JUDGE[i] ? 'good' : 'poor'} ${i}` };
      expect((await send(server.app, 'POST', '/api/v1/ingest/traces', { trace, spans: [] })).status).toBe(200);
    }
    await waitFor(async () => ((await send(server.app, 'GET', `/api/v1/evaluation-rules/${rule.body.id}`)).body.items.done === 10 ? true : null), 60_000);
    // Before anyone scored: no pairs, every judged trace counted as judge-only.
    const none = await send(server.app, 'GET', '/api/v1/evaluators/grounded/agreement');
    expect(none.body).toMatchObject({ pairs: 0, judge_only: 10, kappa: null, confusion: null, disagreements: [] });

    // People score the same traces through the public scores API (source human).
    const evals = HUMAN.map((passed, i) => ({ trace_id: `t${i}`, eval_name: 'grounded', passed, source: 'human', comment: `reviewer on t${i}` }));
    expect((await send(server.app, 'POST', '/api/v1/evals', { evals })).body.accepted).toBe(10);

    const { status, body } = await send(server.app, 'GET', '/api/v1/evaluators/grounded/agreement?source=online');
    expect(status).toBe(200);
    // By hand: 7 of 10 pairs agree (p_o = 0.7); the judge passes 6/10, the reviewer 5/10, so chance
    // agreement p_e = 0.6·0.5 + 0.4·0.5 = 0.5 and kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    expect(body).toMatchObject({ evaluator: 'grounded', kind: 'boolean', sources: ['online'], pairs: 10, judge_only: 0, skipped: 0, observed_agreement: 0.7, kappa: 0.4 });
    // Rows: the judge (false, true); columns: the reviewer.
    expect(body.confusion).toEqual({ labels: ['false', 'true'], matrix: [[3, 1], [2, 4]] });
    expect(body.disagreements_total).toBe(3);
    expect(body.disagreements.map((d: { trace_id: string }) => d.trace_id).sort()).toEqual(['t4', 't5', 't6']);
    expect(body.disagreements.find((d: { trace_id: string }) => d.trace_id === 't6')).toMatchObject({
      judge: false, human: true, judge_source: 'online', judge_reasoning: expect.stringContaining('not grounded'), human_comment: 'reviewer on t6',
    });

    // Source filter and time window.
    expect((await send(server.app, 'GET', '/api/v1/evaluators/grounded/agreement?source=experiment')).body).toMatchObject({ pairs: 0, judge_only: 0 });
    expect((await send(server.app, 'GET', '/api/v1/evaluators/grounded/agreement?from=2099-01-01T00:00:00Z')).body.pairs).toBe(0);
    expect((await send(server.app, 'GET', '/api/v1/evaluators/grounded/agreement?limit=1')).body.disagreements).toHaveLength(1);

    // An alert when agreement drops below a threshold: kappa 0.4 < 0.5 fires.
    const alertRule = { name: 'judge drift', kind: 'judge_agreement', comparator: '<', threshold: 0.5, window_minutes: 60 };
    expect((await send(server.app, 'POST', '/api/v1/alerts/rules', alertRule)).status).toBe(400);
    const created = await send(server.app, 'POST', '/api/v1/alerts/rules', { ...alertRule, evaluator: 'grounded' });
    expect(created.status).toBe(201);
    expect(created.body.evaluator).toBe('grounded');
    const fired = await waitFor(async () => {
      const r = (await send(server.app, 'GET', `/api/v1/alerts/rules/${created.body.rule_id}`)).body;
      return r.state === 'firing' ? r : null;
    }, 20_000);
    expect(fired.last_value).toBe(0.4);
    const quiet = await send(server.app, 'POST', '/api/v1/alerts/rules', { ...alertRule, name: 'no reviews', evaluator: 'nobody-reviews-this' });
    await waitFor(async () => ((await send(server.app, 'GET', `/api/v1/alerts/rules/${quiet.body.rule_id}`)).body.state === 'no_data' ? true : null), 20_000);
  }, 120_000);

  it('answers correlation and mean absolute error for numeric scores from an experiment', async () => {
    const judge = [0.2, 0.4, 0.6, 0.8];
    const human = [0.25, 0.5, 0.5, 1];
    for (let i = 0; i < judge.length; i++) {
      expect((await send(server.app, 'POST', '/api/v1/ingest/traces', { trace: { trace_id: `e${i}`, environment: 'experiment' }, spans: [] })).status).toBe(200);
    }
    const evals = [
      ...judge.map((score, i) => ({ trace_id: `e${i}`, eval_name: 'relevance', score, source: 'experiment', comment: { reasoning: `r${i}` } })),
      ...human.map((score, i) => ({ trace_id: `e${i}`, eval_name: 'relevance', score, source: 'human' })),
    ];
    expect((await send(server.app, 'POST', '/api/v1/evals', { evals })).body.accepted).toBe(8);
    const { body } = await send(server.app, 'GET', '/api/v1/evaluators/relevance/agreement');
    // By hand: |differences| 0.05, 0.1, 0.1, 0.2 → MAE 0.1125; r = cov / (sd·sd) = 0.9234 (4 d.p.).
    expect(body).toMatchObject({ kind: 'numeric', pairs: 4, mae: 0.1125, pearson: 0.9234, kappa: null, confusion: null, disagreements_total: 4 });
    expect(body.disagreements[0].judge_reasoning).toMatch(/^r\d$/);
  });

  it('refuses bad queries with 400', async () => {
    for (const query of ['source=bogus', 'from=2026-02-02T00:00:00Z&to=2026-02-01T00:00:00Z', 'kind=ordinal', 'limit=-1', 'nope=1', 'from=yesterday']) {
      const { status, body } = await send(server.app, 'GET', `/api/v1/evaluators/grounded/agreement?${query}`);
      expect(status, query).toBe(400);
      expect(body.error).toBeTruthy();
    }
    expect((await send(server.app, 'GET', `/api/v1/evaluators/${'x'.repeat(300)}/agreement`)).status).toBe(404);
    expect((await send(server.app, 'GET', '/api/v1/evaluators/a%00b/agreement')).status).toBe(400);
  });
});
