/** The LLM judge plugin against a fake OpenAI-compatible server, on both backends: caching, schema retries, fallback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createTestStore } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { decisionSettings, send, startDecisionServer, startFakeJudge } from '../src/decision/testing/decision-test-kit.js';

const VALID = JSON.stringify({ verdict: 'BLOCK', reason_code: 'UNSAFE_ADVICE', severity: 'high', confidence: 0.9, rationale: 'Promises guaranteed returns.' });
const TRACE = { trace: { trace_id: 'llm-trace', name: 'chat', input_text: '원금 보장 투자 추천해줘' }, spans: [] };

const judgedPolicy = (name: string, baseUrl: string, extra: Record<string, unknown> = {}) => ({
  name,
  definition: {
    judge: { base_url: baseUrl, model: 'judge-1', api_key_env: 'FAKE_JUDGE_API_KEY', ...extra },
    rules: [
      { priority: 5, when: { field: 'signals.llm.verdict', op: 'in', value: ['BLOCK'] }, then: { action: 'BLOCK', reason_code: 'LLM_BLOCK', severity: 'high' } },
      { priority: 1, when: { field: 'signals.llm.verdict', op: 'eq', value: 'ALLOW_WITH_WARNING' }, then: { action: 'ALLOW_WITH_WARNING' } },
    ],
  },
});
const decide = (policy: string, key: string, text = '원금 보장 상품을 추천합니다') => ({
  trace_id: 'llm-trace', policy_id: policy, idempotency_key: key,
  request_payload: { messages: [{ role: 'user', content: '원금 보장 투자 추천해줘' }] },
  response_payload: { text, tokens: 40, latency_ms: 300 },
});

describe.each(BACKENDS)('LLM judge on %s', (backend) => {
  let server: RunningServer;
  const fakes: Awaited<ReturnType<typeof startFakeJudge>>[] = [];
  const fake = async (contents: string[]) => {
    const f = await startFakeJudge(contents);
    fakes.push(f);
    return f;
  };
  const post = (url: string, body: unknown) => send(server.app, 'POST', url, body);

  beforeAll(async () => {
    server = await startDecisionServer(await createTestStore(backend), decisionSettings({ env: { FAKE_JUDGE_API_KEY: 'k-123' } }));
    await post('/api/v1/ingest/traces', TRACE);
  });
  afterAll(async () => {
    await server.close();
    for (const f of fakes) await f.close();
  });

  it('asks the judge once for the same input: the repeat is answered from the cache', async () => {
    const judge = await fake([VALID]);
    expect((await post('/api/v1/policies', judgedPolicy('judged', judge.baseUrl))).status).toBe(201);
    const first = await post('/api/v1/decide', decide('judged', 'j-1'));
    expect(first.body).toMatchObject({ action: 'BLOCK', reason_code: 'LLM_BLOCK', judge_model: 'judge-1', cached: false });
    expect(first.body.signals.llm).toMatchObject({ verdict: 'BLOCK', reason_code: 'UNSAFE_ADVICE', confidence: 0.9 });
    const second = await post('/api/v1/decide', decide('judged', 'j-2'));
    expect(second.body).toMatchObject({ action: 'BLOCK', cached: true, input_hash: first.body.input_hash });
    expect(second.body.decision_id).not.toBe(first.body.decision_id);
    expect(judge.calls()).toBe(1);
    expect(judge.received[0].headers.authorization).toBe('Bearer k-123');
    const sent = JSON.parse(judge.received[0].body);
    expect(sent).toMatchObject({ model: 'judge-1', temperature: 0, response_format: { type: 'json_object' } });
    expect(sent.messages[1].content).toContain('원금 보장');
    const other = await post('/api/v1/decide', decide('judged', 'j-3', 'a different answer'));
    expect(other.body.cached).toBe(false);
    expect(judge.calls()).toBe(2);

    const detail = (await send(server.app, 'GET', '/api/v1/traces/llm-trace')).body;
    const runs = detail.judge_runs.filter((r: { decision_id: string }) => r.decision_id === first.body.decision_id);
    expect(runs.map((r: { judge: string; valid: boolean; attempts: number; cached: boolean }) => [r.judge, r.valid, r.attempts, r.cached]))
      .toEqual([['heuristic', true, 1, false], ['llm', true, 1, false]]);
    expect(runs[1]).toMatchObject({ model: 'judge-1', input_tokens: 100, output_tokens: 20, output: { verdict: 'BLOCK' } });
    const cachedRuns = detail.judge_runs.filter((r: { decision_id: string }) => r.decision_id === second.body.decision_id);
    expect(cachedRuns.every((r: { cached: boolean }) => r.cached)).toBe(true);
    const span = detail.spans.find((s: { span_id: string }) => s.span_id === first.body.span_id);
    expect(span).toMatchObject({ span_type: 'judge', model: 'judge-1', input_tokens: 100, output_tokens: 20, status: 'success' });
  });

  it('falls back to ESCALATE / JUDGE_INVALID_OUTPUT when the answer stays invalid after two retries', async () => {
    const judge = await fake(['this is not json']);
    await post('/api/v1/policies', judgedPolicy('broken', judge.baseUrl));
    const res = await post('/api/v1/decide', decide('broken', 'b-1'));
    expect(res.body).toMatchObject({ action: 'ESCALATE', reason_code: 'JUDGE_INVALID_OUTPUT', severity: 'high', cached: false });
    expect(res.body.case_id).toEqual(expect.any(String));
    expect(judge.calls()).toBe(3);
    const retried = JSON.parse(judge.received[1].body).messages;
    expect(retried.at(-1).content).toMatch(/invalid: the answer is not JSON/);
    const runs = (await send(server.app, 'GET', '/api/v1/traces/llm-trace')).body.judge_runs
      .filter((r: { decision_id: string; judge: string }) => r.decision_id === res.body.decision_id && r.judge === 'llm');
    expect(runs[0]).toMatchObject({ valid: false, attempts: 3, output: 'this is not json' });
    expect(runs[0].error).toMatch(/not JSON/);
    // A fallback is never cached: the next identical request asks the judge again.
    await post('/api/v1/decide', decide('broken', 'b-2'));
    expect(judge.calls()).toBe(6);
  });

  it('succeeds on the third answer after two invalid ones (bad JSON, then a schema violation)', async () => {
    const judge = await fake(['{oops', JSON.stringify({ verdict: 'MAYBE', reason_code: 'X', severity: 'high' }), JSON.stringify({ verdict: 'ALLOW_WITH_WARNING', reason_code: 'RISKY', severity: 'low' })]);
    await post('/api/v1/policies', judgedPolicy('flaky', judge.baseUrl));
    const res = await post('/api/v1/decide', decide('flaky', 'f-1'));
    expect(res.body).toMatchObject({ action: 'ALLOW_WITH_WARNING', reason_code: 'ALLOW_WITH_WARNING', signals: { llm: { verdict: 'ALLOW_WITH_WARNING' } } });
    expect(judge.calls()).toBe(3);
    expect(JSON.parse(judge.received[2].body).messages.at(-1).content).toMatch(/verdict/);
  });

  it('escalates with a smaller retry budget and when the judge cannot be reached', async () => {
    const judge = await fake(['nope', 'still nope', VALID]);
    await post('/api/v1/policies', judgedPolicy('impatient', judge.baseUrl, { max_retries: 1 }));
    expect((await post('/api/v1/decide', decide('impatient', 'i-1'))).body.reason_code).toBe('JUDGE_INVALID_OUTPUT');
    expect(judge.calls()).toBe(2);
    await post('/api/v1/policies', judgedPolicy('down', 'http://127.0.0.1:9/v1', { timeout_ms: 2000 }));
    const down = await post('/api/v1/decide', decide('down', 'd-1'));
    expect(down.body).toMatchObject({ action: 'ESCALATE', reason_code: 'JUDGE_UNAVAILABLE' });
  });
});

describe('server-wide LLM judge (TRACEHUB_JUDGE_*)', () => {
  it('judges with the configured endpoint when the policy names none', async () => {
    const judge = await startFakeJudge([VALID]);
    const server = await startDecisionServer(await createTestStore('sqlite'), decisionSettings({ judge: { baseUrl: judge.baseUrl, model: 'env-judge', apiKey: 'env-key' } }));
    try {
      await send(server.app, 'POST', '/api/v1/ingest/traces', TRACE);
      await send(server.app, 'POST', '/api/v1/policies', {
        name: 'plain', definition: { rules: [{ when: { field: 'signals.llm.verdict', op: 'eq', value: 'BLOCK' }, then: { action: 'BLOCK' } }] },
      });
      const res = await send(server.app, 'POST', '/api/v1/decide', decide('plain', 'e-1'));
      expect(res.body).toMatchObject({ action: 'BLOCK', judge_model: 'env-judge' });
      expect(judge.received[0].headers.authorization).toBe('Bearer env-key');
    } finally {
      await server.close();
      await judge.close();
    }
  });
});
