/** A little of everything for the fuzz suite to point at: a trace, a policy and a case, a prompt, a dataset, two experiment runs, a user. */
import type { FastifyInstance } from 'fastify';
import { SEED_DECIDE, SEED_POLICY } from '../../src/decision/testing/decision-test-kit.js';
import { jsonRequest, send } from './fuzz-harness.js';

export const SEED_TRACE_ID = 'fuzz-seed-trace';
export const SEED_SPAN_ID = 'fuzz-seed-span';
export const SEED_PROMPT = 'fz_prompt';
export const SEED_DATASET = 'fz_data';
export const SEED_RUNS = ['fz-run-a', 'fz-run-b'] as const;

/** Ids the fuzz files use in paths. */
export interface Seeded {
  policyId: string;
  caseId: string;
  userId: string;
  projectId: string;
  keyId: string;
}

/** An experiment run body (`items` items, every other one passed). */
export function experimentBody(runId: string, items = 4): Record<string, unknown> {
  return {
    run: {
      run_id: runId, name: `exp ${runId}`, status: 'completed', dataset_name: SEED_DATASET, dataset_version: '1', model_name: 'gpt-4.1-mini',
      prompt_name: SEED_PROMPT, prompt_version: '1', started_at: '2026-02-07T10:00:00Z', finished_at: '2026-02-07T10:05:00Z',
      summary: { items }, metrics: { axes: ['keywords'], scores: { keywords: 0.5 }, aggregations: { mean: 0.5 }, by_group: {} },
    },
    items: Array.from({ length: items }, (_, i) => ({
      key: `case_${i}`, item_id: `case_${i}`, repetition: 1, trace_id: `trace-${i}`, status: 'ok', passed: i % 2 === 0, score: i % 2 ? 0 : 1,
      scores: { keywords: { score: i % 2 ? 0 : 1, passed: i % 2 === 0, status: 'ok', weight: 1, threshold: 1, comment: { passed_items: ['PASS'], failed_items: [], reasoning: 'found', suggestions: [] } } },
      input: { word: `w${i}` }, output: 'PASS', expected: { keywords: ['PASS'] }, metadata: { split: 'test' }, latency_ms: 12, cost: 0.0001,
    })),
  };
}

async function must(app: FastifyInstance, method: 'POST' | 'GET', url: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await send(app, body === undefined ? { method, url } : jsonRequest(method, url, body));
  if (res.status >= 300) throw new Error(`fuzz seed: ${method} ${url} → ${res.status} ${res.text}`);
  return res.json as Record<string, unknown>;
}

/** Writes the seed data through the API; answers the ids it created. */
export async function seedEverything(app: FastifyInstance): Promise<Seeded> {
  await must(app, 'POST', '/api/v1/ingest/traces', {
    trace: { trace_id: SEED_TRACE_ID, status: 'success', start_time: '2026-02-07T10:00:00Z', end_time: '2026-02-07T10:00:02Z', session_id: 'fz-session', input_text: 'hello', output_text: 'world' },
    spans: [{ span_id: SEED_SPAN_ID, trace_id: SEED_TRACE_ID, name: 'root', span_type: 'llm', status: 'success', start_time: '2026-02-07T10:00:00Z', end_time: '2026-02-07T10:00:01Z', input: 'q', output: 'a' }],
  });
  const policy = await must(app, 'POST', '/api/v1/policies', SEED_POLICY);
  await must(app, 'POST', '/api/v1/decide', { ...SEED_DECIDE, trace_id: SEED_TRACE_ID, response_payload: { text: 'call me at 010-1234-5678 or mina@example.com' }, idempotency_key: 'fz-pii' });
  const cases = await must(app, 'GET', '/api/v1/cases');
  const firstCase = (cases.items as Array<{ case_id: string }>)[0];
  await must(app, 'POST', '/api/v1/prompts', { name: SEED_PROMPT, prompt: 'Hello {name}, about {topic}', labels: ['production'] });
  await must(app, 'POST', '/api/v1/prompts', { name: SEED_PROMPT, prompt: 'Hi {name}, about {topic}!', labels: ['staging'] });
  await must(app, 'POST', `/api/v1/datasets/${SEED_DATASET}/items`, { items: [{ id: 'case_0', input: { q: 1 }, expected_output: { a: 1 } }, { id: 'case_1', input: 'two' }] });
  for (const run of SEED_RUNS) await must(app, 'POST', '/api/v1/experiments', experimentBody(run));
  const me = await must(app, 'GET', '/api/v1/auth/me');
  const user = await send(app, { ...jsonRequest('POST', '/api/v1/users', { username: 'fz-user', password: 'fz-password-1', memberships: [{ project_id: me.project_id, role: 'member' }] }), as: 'admin' });
  const keys = await must(app, 'GET', '/api/v1/admin/keys');
  return {
    policyId: String((policy.policy as { policy_id?: string } | undefined)?.policy_id ?? policy.policy_id),
    caseId: firstCase?.case_id ?? 'no-case',
    userId: String((user.json as { user_id?: string; user?: { user_id?: string } } | null)?.user_id ?? (user.json as { user?: { user_id?: string } } | null)?.user?.user_id ?? 'no-user'),
    projectId: String(me.project_id),
    keyId: String((keys.items as Array<{ key_id: string }>)[0]?.key_id),
  };
}
