/**
 * Online evaluators with two server processes (the built dist) on one PostgreSQL database (issue 17
 * item 1): both ingest, both run the evaluation loop, and each sampled trace is judged and scored
 * exactly once; the items show that both servers did part of the work.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/storage/testing/test-stores.js';
import { sampled } from '../src/online-evals/rule-match.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from './process.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';

const VERDICT = JSON.stringify({ score: 5, reasoning: 'fine', passed_items: [], failed_items: [], suggestions: [] });
const N = 1_000;
const headers = { 'x-api-key': 'dev-key', 'content-type': 'application/json' };

describe('online evaluators: two server processes on one PostgreSQL', () => {
  let fake: FakeOpenAi;
  let url: string;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    // A little latency per judge call, so both servers' loops are busy at the same time.
    fake = await startFakeOpenAi(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return VERDICT;
    });
    url = await createTestDatabase();
    const env = {
      TRACEHUB_DATABASE_URL: url, TRACEHUB_ONLINE_EVAL_INTERVAL_MS: '100', TRACEHUB_ONLINE_EVAL_SETTLE_MS: '0', TRACEHUB_ONLINE_EVAL_CONCURRENCY: '4',
      TRACEHUB_CONNECTION_FAKE_BASE_URL: fake.url, TRACEHUB_CONNECTION_FAKE_MODEL: 'judge-1', TRACEHUB_CONNECTION_FAKE_ALLOW_PRIVATE: 'true', TRACEHUB_ADMIN_PASSWORD: 'two-servers-admin',
    };
    // One after the other: the first one migrates the database.
    servers.push(await startServerProcess(env, 60_000));
    servers.push(await startServerProcess(env, 60_000));
  }, 180_000);
  afterAll(async () => {
    for (const s of servers) await stopServerProcess(s);
    await fake?.close();
  });

  it('scores each sampled trace exactly once', async () => {
    const created = await fetch(`${servers[0].url}/api/v1/evaluation-rules`, {
      method: 'POST', headers,
      body: JSON.stringify({ name: 'quality', sampling_rate: 0.5, connection: 'fake', evaluators: [{ type: 'llm_judge', rubric: 'Helpful? 1-5' }] }),
    });
    expect(created.status).toBe(201);
    const ruleId = ((await created.json()) as { id: string }).id;
    const ids = Array.from({ length: N }, (_, i) => `two-${String(i).padStart(4, '0')}`);
    // Both servers ingest (ten concurrent senders).
    for (let i = 0; i < N; i += 10) {
      await Promise.all(ids.slice(i, i + 10).map(async (id, j) => {
        const res = await fetch(`${servers[(i / 10 + j) % 2].url}/api/v1/ingest/traces`, {
          method: 'POST', headers, body: JSON.stringify({ trace: { trace_id: id, name: 'chat', output_text: `answer ${id}` }, spans: [] }),
        });
        expect(res.status).toBe(200);
      }));
    }
    const expected = ids.filter((id) => sampled(ruleId, id, 0.5)).length;
    expect(expected).toBeGreaterThanOrEqual(450);
    expect(expected).toBeLessThanOrEqual(550);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const deadline = Date.now() + 150_000;
      for (;;) {
        const { rows } = await client.query(`SELECT status, count(*)::int AS n FROM online_eval_items WHERE rule_id = $1 GROUP BY status`, [ruleId]);
        const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
        if (counts.done === expected && !counts.pending && !counts.running) {
          expect(counts).toEqual({ done: expected, skipped: N - expected });
          break;
        }
        if (Date.now() > deadline) throw new Error(`not done in time: ${JSON.stringify(counts)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const evals = await client.query(`SELECT trace_id, count(*)::int AS n FROM evaluations WHERE source = 'online' GROUP BY trace_id`);
      expect(evals.rows).toHaveLength(expected);
      expect(evals.rows.every((r) => r.n === 1)).toBe(true);
      expect(new Set(evals.rows.map((r) => r.trace_id))).toEqual(new Set(ids.filter((id) => sampled(ruleId, id, 0.5))));
      // Both servers claimed items (each claims with its own token).
      const tokens = await client.query(`SELECT count(DISTINCT claim_token)::int AS n FROM online_eval_items WHERE status = 'done'`);
      expect(tokens.rows[0].n).toBe(2);
    } finally {
      await client.end();
    }
    // One judge call per sampled trace, none repeated.
    const judged = fake.chatRequests.map((r) => /answer (two-\d+)/.exec(r.messages.map((m) => m.content).join('\n'))?.[1]);
    expect(judged).toHaveLength(expected);
    expect(new Set(judged).size).toBe(expected);
  }, 300_000);
});
