/** Data the browser tests send over HTTP: recent traces for the dashboard, a 1 MB payload, prompts, a policy. */
import { SEED_EVAL, SEED_EVENTS, SEED_LANGGRAPH, SEED_TRACE } from '../../server/test/helpers.js';
import { api } from './harness.js';

/** The trace whose span carries a 1 MB input. */
export const BIG_TRACE_ID = 'big-payload-trace';

const MODELS = ['gpt-4.1-mini', 'gpt-4.1', 'claude-sonnet'];

/** `count` recent traces (the last hour), one LLM span each, mixed statuses, models and environments. */
export function recentTraces(count: number) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(now - (i + 1) * 90_000);
    const end = new Date(start.getTime() + 200 + i * 37);
    const status = i % 7 === 3 ? 'error' : 'success';
    const traceId = `recent-${String(i).padStart(3, '0')}`;
    return {
      trace: {
        trace_id: traceId,
        name: i % 2 ? 'chat-request' : 'rag-answer',
        status,
        start_time: start.toISOString(),
        end_time: end.toISOString(),
        model: MODELS[i % 3],
        environment: i % 4 === 0 ? 'staging' : 'prod',
        user_id: `user-${i % 5}`,
        session_id: `session-${i % 6}`,
        input_text: `question number ${i}`,
        output_text: `answer number ${i}`,
        tags: i % 3 === 0 ? ['vip'] : [],
      },
      spans: [
        {
          span_id: `${traceId}-llm`,
          name: 'llm-call',
          span_type: 'llm',
          status,
          start_time: start.toISOString(),
          end_time: end.toISOString(),
          model: MODELS[i % 3],
          input: [
            { role: 'system', content: 'You are helpful.' },
            { role: 'user', content: `question number ${i}` },
          ],
          output: { role: 'assistant', content: `answer number ${i}` },
          input_tokens: 100 + i,
          output_tokens: 20 + i,
        },
      ],
    };
  });
}

/** Sends the seed requests, `recent` recent traces, a 1 MB payload trace, two prompt versions, a policy and an ESCALATE decision. */
export async function seedAll(url: string, recent = 30): Promise<void> {
  const must = async (route: string, body: unknown, method = 'POST') => {
    const res = await api(url, method, route, body);
    if (res.status >= 300 && res.status !== 207) throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  await must('/ingest/traces', SEED_TRACE);
  await must('/ingest/spans', SEED_EVENTS);
  await must('/ingest/langgraph-runs', SEED_LANGGRAPH);
  await must('/evals', SEED_EVAL);
  for (const body of recentTraces(recent)) await must('/ingest/traces', body);
  const big = { items: Array.from({ length: 9000 }, (_, i) => ({ id: i, text: `row ${i} `.padEnd(100, 'x') })) };
  const start = new Date(Date.now() - 30_000).toISOString();
  await must('/ingest/traces', {
    trace: { trace_id: BIG_TRACE_ID, name: 'big-payload', status: 'success', start_time: start, end_time: new Date().toISOString() },
    spans: [{ span_id: 'big-span', name: 'big-retrieval', span_type: 'retriever', status: 'success', start_time: start, end_time: new Date().toISOString(), input: big }],
  });
  await must('/prompts', { name: 'qa', prompt: 'Answer the question: {question}', commit_message: 'first', labels: ['staging'] });
  await must('/prompts', { name: 'qa', prompt: 'Answer briefly and politely.\nQuestion: {question}', commit_message: 'shorter answers' });
  await must('/policies', {
    name: 'pii-guard',
    description: 'Escalate answers that carry personal data',
    definition: { rules: [{ priority: 100, when: { field: 'signals.pii', op: 'eq', value: true }, then: { action: 'ESCALATE', reason_code: 'PII_DETECTED', severity: 'high' } }] },
  });
  await must('/decide', {
    trace_id: SEED_TRACE.trace.trace_id,
    request_payload: { text: 'my phone is 010-1234-5678' },
    response_payload: { text: '답변' },
    idempotency_key: 'decide-seed',
  });
}

/** Two experiment runs over the same 6 items; run B regresses on item q3. */
export async function seedExperiments(url: string): Promise<void> {
  const comment = (passed: boolean) => ({ passed_items: passed ? ['keywords'] : [], failed_items: passed ? [] : ['keywords'], reasoning: 'keyword check', suggestions: [] });
  for (const [runId, name, failing] of [
    ['run-a', 'qa baseline', ['q5']],
    ['run-b', 'qa shorter prompt', ['q3', 'q5']],
  ] as const) {
    const items = Array.from({ length: 6 }, (_, i) => {
      const passed = !(failing as readonly string[]).includes(`q${i}`);
      return {
        key: `q${i}#1`,
        item_id: `q${i}`,
        status: 'ok',
        passed,
        score: passed ? 1 : 0,
        scores: { keywords: { score: passed ? 1 : 0, passed, status: 'ok', comment: comment(passed) } },
        input: { question: `질문 ${i}` },
        output: `답변 ${i}`,
        expected: { keywords: ['답변'] },
        latency_ms: 100 + i,
      };
    });
    const passedCount = items.filter((i) => i.passed).length;
    const res = await api(url, 'POST', '/experiments', {
      run: {
        run_id: runId,
        name,
        dataset_name: 'qa-set',
        dataset_version: '1',
        model_name: 'offline',
        prompt_name: 'qa',
        prompt_version: runId === 'run-a' ? '1' : '2',
        summary: { items: 6, passed: passedCount, failed: 6 - passedCount, pass_rate: passedCount / 6, mean_score: passedCount / 6 },
      },
      items,
    });
    if (res.status >= 300) throw new Error(`/experiments: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
