/**
 * The LLM judge plugin against fake OpenAI-compatible servers on 127.0.0.1, on both backends: caching, schema
 * retries, fallback. Judges are operator-configured connections; these opt in to private targets one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createTestStore } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import {
  decisionSettings,
  PRIVATE_TARGETS_ALLOWED,
  send,
  startDecisionServer,
  startFakeJudge,
  startReceiver,
} from '../src/decision/testing/decision-test-kit.js';
import type { JudgeConnection } from '../src/decision/judge-connections.js';

const VALID = JSON.stringify({ verdict: 'BLOCK', reason_code: 'UNSAFE_ADVICE', severity: 'high', confidence: 0.9, rationale: 'Promises guaranteed returns.' });
const TRACE = { trace: { trace_id: 'llm-trace', name: 'chat', input_text: '원금 보장 투자 추천해줘' }, spans: [] };

const judgedPolicy = (name: string, connection: string, extra: Record<string, unknown> = {}) => ({
  name,
  definition: {
    judge: { connection, model: 'judge-1', ...extra },
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

/** Scripted answers of each fake judge, by connection name. */
const SCRIPTS: Record<string, string[]> = {
  judged: [VALID],
  broken: ['this is not json'],
  flaky: ['{oops', JSON.stringify({ verdict: 'MAYBE', reason_code: 'X', severity: 'high' }), JSON.stringify({ verdict: 'ALLOW_WITH_WARNING', reason_code: 'RISKY', severity: 'low' })],
  impatient: ['nope', 'still nope', VALID],
  strict: [VALID],
};

describe.each(BACKENDS)('LLM judge on %s', (backend) => {
  let server: RunningServer;
  const fakes: Record<string, Awaited<ReturnType<typeof startFakeJudge>>> = {};
  let failing: Awaited<ReturnType<typeof startReceiver>>;
  const post = (url: string, body: unknown) => send(server.app, 'POST', url, body);

  beforeAll(async () => {
    const connections: Record<string, JudgeConnection> = {};
    for (const [name, script] of Object.entries(SCRIPTS)) {
      fakes[name] = await startFakeJudge(script);
      // Every connection but `strict` opts in to its private (127.0.0.1) target; the server allows none.
      connections[name] = { name, baseUrl: fakes[name].baseUrl, apiKey: 'k-123', models: [], allowPrivate: name !== 'strict' };
    }
    connections.down = { name: 'down', baseUrl: 'http://127.0.0.1:9/v1', models: [], allowPrivate: true };
    // An endpoint answering 400 with a long body that echoes the key and carries control characters.
    failing = await startReceiver(() => ({
      status: 400,
      body: JSON.stringify({ error: { message: `Incorrect API key provided: k-123.\u001b[31m\r\nInjected line ${'A'.repeat(5000)}`, type: 'invalid_request_error' } }),
    }));
    connections.failing = { name: 'failing', baseUrl: `${failing.url}/v1`, apiKey: 'k-123', models: [], allowPrivate: true };
    server = await startDecisionServer(await createTestStore(backend), decisionSettings({ connections }));
    await post('/api/v1/ingest/traces', TRACE);
  });
  afterAll(async () => {
    await server.close();
    for (const f of Object.values(fakes)) await f.close();
    await failing.close();
  });

  it('keeps a short reason of an upstream error: status and the first characters, without the key or control characters', async () => {
    await post('/api/v1/policies', judgedPolicy('failing', 'failing'));
    const res = await post('/api/v1/decide', decide('failing', 'x-1'));
    expect(res.body).toMatchObject({ action: 'ESCALATE', reason_code: 'JUDGE_UNAVAILABLE' });
    expect(failing.received).toHaveLength(1);
    const run = (await send(server.app, 'GET', '/api/v1/traces/llm-trace')).body.judge_runs
      .find((r: { decision_id: string; judge: string }) => r.decision_id === res.body.decision_id && r.judge === 'llm');
    expect(run.error).toMatch(/^the judge endpoint answered HTTP 400: .*Incorrect API key provided: \*\*\*/);
    expect(run.error).not.toContain('k-123');
    expect(run.error).not.toMatch(/[\u0000-\u001f]/);
    expect(run.error.length).toBeLessThan(260);
  });

  it('refuses policies whose judge is not an operator-configured connection, naming the reason', async () => {
    const unknown = await post('/api/v1/policies', judgedPolicy('ghost', 'ghost-llm'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/definition\.judge\.connection: names the judge connection "ghost-llm", which the operator has not configured/);
    const byUrl = await post('/api/v1/policies', { name: 'by-url', definition: { judge: { base_url: fakes.judged.baseUrl, model: 'm', api_key_env: 'TRACEHUB_WEBHOOK_SECRET' }, rules: [] } });
    expect(byUrl.status).toBe(400);
    expect(byUrl.body.issues.map((i: { path: string }) => i.path)).toEqual(['definition.judge.base_url', 'definition.judge.api_key_env', 'definition.judge.connection']);
    expect(byUrl.body.issues[1].message).toMatch(/cannot read server environment variables/);
    const noDefault = await post('/api/v1/policies', { name: 'no-default', definition: { judge: { model: 'm' }, rules: [] } });
    expect(noDefault.body.message).toMatch(/"default", which the operator has not configured/);
    expect(fakes.judged.calls()).toBe(0);
  });

  it('refuses a connection on a private address that did not opt in, without calling it', async () => {
    expect((await post('/api/v1/policies', judgedPolicy('strict', 'strict'))).status).toBe(201);
    const res = await post('/api/v1/decide', decide('strict', 's-1'));
    expect(res.body).toMatchObject({ action: 'ESCALATE', reason_code: 'JUDGE_UNAVAILABLE' });
    expect(fakes.strict.calls()).toBe(0);
    const runs = (await send(server.app, 'GET', '/api/v1/traces/llm-trace')).body.judge_runs
      .filter((r: { decision_id: string; judge: string }) => r.decision_id === res.body.decision_id && r.judge === 'llm');
    expect(runs[0].error).toMatch(/refused because it resolves to 127\.0\.0\.1, a loopback address/);
  });

  it('asks the judge once for the same input: the repeat is answered from the cache', async () => {
    const judge = fakes.judged;
    expect((await post('/api/v1/policies', judgedPolicy('judged', 'judged'))).status).toBe(201);
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
    const judge = fakes.broken;
    await post('/api/v1/policies', judgedPolicy('broken', 'broken'));
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
    const judge = fakes.flaky;
    await post('/api/v1/policies', judgedPolicy('flaky', 'flaky'));
    const res = await post('/api/v1/decide', decide('flaky', 'f-1'));
    expect(res.body).toMatchObject({ action: 'ALLOW_WITH_WARNING', reason_code: 'ALLOW_WITH_WARNING', signals: { llm: { verdict: 'ALLOW_WITH_WARNING' } } });
    expect(judge.calls()).toBe(3);
    expect(JSON.parse(judge.received[2].body).messages.at(-1).content).toMatch(/verdict/);
  });

  it('escalates with a smaller retry budget and when the judge cannot be reached', async () => {
    const judge = fakes.impatient;
    await post('/api/v1/policies', judgedPolicy('impatient', 'impatient', { max_retries: 1 }));
    expect((await post('/api/v1/decide', decide('impatient', 'i-1'))).body.reason_code).toBe('JUDGE_INVALID_OUTPUT');
    expect(judge.calls()).toBe(2);
    await post('/api/v1/policies', judgedPolicy('down', 'down', { timeout_ms: 2000 }));
    const down = await post('/api/v1/decide', decide('down', 'd-1'));
    expect(down.body).toMatchObject({ action: 'ESCALATE', reason_code: 'JUDGE_UNAVAILABLE' });
  });
});

describe('server-wide LLM judge (TRACEHUB_JUDGE_*)', () => {
  it('judges with the configured endpoint when the policy names none (private targets allowed server-wide)', async () => {
    const judge = await startFakeJudge([VALID]);
    const server = await startDecisionServer(await createTestStore('sqlite'), decisionSettings({ judge: { baseUrl: judge.baseUrl, model: 'env-judge', apiKey: 'env-key' }, ...PRIVATE_TARGETS_ALLOWED }));
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
