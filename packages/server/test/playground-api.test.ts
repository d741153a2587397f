/**
 * The playground API (issue 17 item 4) on both backends: one prompt version run against the fake
 * OpenAI-compatible streaming server and the offline provider side by side, streamed as NDJSON with
 * tokens, latency and cost per output; one trace per run with a span per target; the result saved
 * as a new prompt version and the case as a dataset item; model calls pass the outbound guard;
 * viewers (read scope) cannot run; bad input is a 4xx before anything is streamed.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createTestDatabase, tempDir, type Backend } from '../src/storage/testing/test-stores.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import type { Store } from '../src/storage/store.js';
import { createServer, type RunningServer } from '../src/server.js';
import { loadDecisionConfig } from '../src/decision/decision-config.js';
import { decisionTestConfig, send, waitFor } from '../src/decision/testing/decision-test-kit.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';

const ANSWER = '서울 본사의 백엔드 직무 질문 세 가지입니다.';

async function database(backend: Backend): Promise<Store> {
  if (backend === 'sqlite') return createSqliteStore({ file: path.join(tempDir(), 'tracehub.db') });
  return createPostgresStore({ connectionString: await createTestDatabase(), maxConnections: 4 });
}

type Event = Record<string, any>;
const lines = (body: string): Event[] => body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);

describe.each(BACKENDS)('playground on %s', (backend) => {
  let fake: FakeOpenAi;
  let server: RunningServer;
  let viewerKey: string;
  const run = async (body: unknown, key = 'dev-key') => {
    const response = await server.app.inject({
      method: 'POST', url: '/api/v1/playground/runs', headers: { 'x-api-key': key, 'content-type': 'application/json' }, payload: JSON.stringify(body),
    });
    return { status: response.statusCode, type: String(response.headers['content-type']), text: response.body };
  };

  beforeAll(async () => {
    fake = await startFakeOpenAi(() => ({ content: ANSWER, chunkDelayMs: 20 }));
    const decision = loadDecisionConfig({
      TRACEHUB_CONNECTION_FAKE_BASE_URL: fake.url, TRACEHUB_CONNECTION_FAKE_MODEL: 'gpt-4o-mini', TRACEHUB_CONNECTION_FAKE_MODELS: 'gpt-4o-mini,gpt-4o',
      TRACEHUB_CONNECTION_FAKE_API_KEY: 'sk-secret-never-shown', TRACEHUB_CONNECTION_FAKE_ALLOW_PRIVATE: 'true',
      // The same server without the opt-in: the outbound guard refuses loopback.
      TRACEHUB_CONNECTION_GUARDED_BASE_URL: fake.url, TRACEHUB_CONNECTION_GUARDED_MODEL: 'gpt-4o-mini',
    });
    server = await createServer(decisionTestConfig({ ingestWorker: false }), { store: await database(backend), logger: false, decision });
    const created = await send(server.app, 'POST', '/api/v1/admin/keys', { name: 'viewer', scopes: ['read'] });
    viewerKey = created.body.key;
    const prompt = await send(server.app, 'POST', '/api/v1/prompts', { name: 'interview', prompt: '회사: {company}\n직무: {position}\n질문 세 개를 만드세요.', labels: ['production'] });
    expect(prompt.status).toBe(201);
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('lists the shared model connections with their models and never their keys', async () => {
    const { status, body } = await send(server.app, 'GET', '/api/v1/model-connections', undefined, 'application/json', viewerKey);
    expect(status).toBe(200);
    expect(body.connections.map((c: Event) => [c.name, c.models])).toEqual([
      ['fake', ['gpt-4o-mini', 'gpt-4o']], ['guarded', ['gpt-4o-mini']], ['offline', ['offline']],
    ]);
    expect(JSON.stringify(body)).not.toContain('sk-secret');
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/playground/runs'])).toEqual(['post']);
  });

  it('runs one prompt version against two connections side by side, streams, traces and saves', async () => {
    const variables = { company: '토스', position: '백엔드' };
    const answer = await run({
      prompt_ref: { name: 'interview', label: 'production' }, variables,
      targets: [{ connection: 'fake', parameters: { temperature: 0.2, max_tokens: 200 } }, { connection: 'offline' }],
    });
    expect(answer.status).toBe(200);
    expect(answer.type).toContain('application/x-ndjson');
    const events = lines(answer.text);
    const start = events[0];
    expect(start).toMatchObject({ type: 'run', targets: [{ index: 0, connection: 'fake', model: 'gpt-4o-mini' }, { index: 1, connection: 'offline', model: 'offline' }] });
    expect(start.messages[0].content).toContain('회사: 토스');
    // Streamed: several deltas per target that add up to the whole output.
    for (const target of [0, 1]) {
      const deltas = events.filter((e) => e.type === 'delta' && e.target === target);
      const done = events.find((e) => e.type === 'done' && e.target === target) as Event;
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.map((d) => d.text).join('')).toBe(done.output);
      expect(done.latency_ms).toBeGreaterThanOrEqual(0);
      expect(done.usage.input_tokens).toBeGreaterThan(0);
    }
    const fakeDone = events.find((e) => e.type === 'done' && e.target === 0) as Event;
    expect(fakeDone).toMatchObject({ output: ANSWER, usage: { input_tokens: 10, output_tokens: 5 } });
    expect(fakeDone.cost).toBeCloseTo((10 * 0.15 + 5 * 0.6) / 1e6, 12);
    expect(fake.chatRequests.at(-1)?.body).toMatchObject({ stream: true, temperature: 0.2, max_tokens: 200, model: 'gpt-4o-mini' });
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-secret-never-shown');
    const end = events.at(-1) as Event;
    expect(end).toEqual({ type: 'end', trace_id: start.trace_id });

    // One trace per run, one llm span per target.
    const trace = await waitFor(async () => {
      const got = await send(server.app, 'GET', `/api/v1/traces/${start.trace_id}`);
      return got.status === 200 ? got.body : null;
    });
    expect(trace.trace).toMatchObject({ environment: 'playground', name: 'playground:interview', span_count: 2, tags: ['playground'] });
    const spans = trace.spans as Event[];
    expect(spans.find((s) => s.model === 'gpt-4o-mini')).toMatchObject({ input_tokens: 10, output_tokens: 5, status: 'success' });
    expect(spans.map((s) => [s.name, s.span_type, s.model]).sort()).toEqual([['fake/gpt-4o-mini', 'llm', 'gpt-4o-mini'], ['offline/offline', 'llm', 'offline']]);

    // Save the result as a new prompt version with a commit message, and the case as a dataset item.
    const saved = await send(server.app, 'POST', '/api/v1/prompts', { name: 'interview', prompt: '회사: {company}\n직무: {position}\n질문 다섯 개를 만드세요.', commit_message: 'playground: five questions' });
    expect(saved.status).toBe(201);
    expect(saved.body.prompt).toMatchObject({ version: 2, commit_message: 'playground: five questions' });
    const item = await send(server.app, 'POST', '/api/v1/datasets/interview-cases/items', {
      items: [{ input: variables, expected_output: fakeDone.output, source_trace_id: start.trace_id }], message: 'from the playground',
    });
    expect(item.status).toBe(201);
  });

  it('runs edited chat messages and streams over a real connection as the model answers', async () => {
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (server.app.server.address() as AddressInfo).port;
    expect(address).toContain(String(port));
    const started = Date.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/playground/runs`, {
      method: 'POST', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello {{name}}' }], template_format: 'mustache', variables: { name: 'Kim' }, targets: [{ connection: 'fake', model: 'gpt-4o' }] }),
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let firstDeltaAt = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (!firstDeltaAt && text.includes('"type":"delta"')) firstDeltaAt = Date.now();
    }
    const finishedAt = Date.now();
    // The fake sends a word every 20 ms: the first piece arrives well before the last.
    expect(firstDeltaAt).toBeGreaterThan(0);
    expect(finishedAt - firstDeltaAt).toBeGreaterThanOrEqual(60);
    expect(firstDeltaAt - started).toBeLessThan(finishedAt - started);
    const events = lines(text);
    expect(fake.chatRequests.at(-1)?.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello Kim' }]);
    expect(events.find((e) => e.type === 'done')).toMatchObject({ target: 0, output: ANSWER, model: 'gpt-4o' });
  });

  it('sends model calls through the outbound guard: a loopback connection without the opt-in is refused', async () => {
    const before = fake.chatRequests.length;
    const events = lines((await run({ prompt: 'hi', targets: [{ connection: 'guarded' }, { connection: 'offline' }] })).text);
    expect(events.find((e) => e.type === 'error' && e.target === 0)?.message).toMatch(/refused|loopback/i);
    expect(events.find((e) => e.type === 'done' && e.target === 1)).toBeTruthy();
    expect(fake.chatRequests.length).toBe(before);
  });

  it('lets viewers look but not run, and refuses bad input with a 4xx before streaming', async () => {
    const ok = { prompt: 'hi', targets: [{ connection: 'offline' }] };
    const denied = await run(ok, viewerKey);
    expect(denied.status).toBe(403);
    // An application's ingest key cannot spend the operator's model money either.
    const ingestKey = (await send(server.app, 'POST', '/api/v1/admin/keys', { name: 'app', scopes: ['ingest'] })).body.key;
    expect((await run(ok, ingestKey)).status).toBe(403);
    expect((await run(ok, 'wrong-key')).status).toBe(401);
    const bad: Array<[unknown, number, RegExp]> = [
      [{ targets: [{ connection: 'offline' }] }, 400, /prompt/],
      [{ prompt: 'x', prompt_ref: { name: 'interview' }, targets: [{ connection: 'offline' }] }, 400, /exactly one/],
      [{ prompt: 'x', targets: [] }, 400, /targets/],
      [{ prompt: 'x', targets: Array.from({ length: 5 }, () => ({ connection: 'offline' })) }, 400, /targets/],
      [{ prompt: 'x', targets: [{ connection: 'nope' }] }, 400, /no model connection named "nope"/],
      [{ prompt: 'x', targets: [{ connection: 'offline', parameters: { temperature: 9 } }] }, 400, /temperature/],
      [{ prompt: 'x', targets: [{ connection: 'offline', parameters: { api_key: 'x' } }] }, 400, /api_key/],
      [{ prompt: 'Hi {name}', targets: [{ connection: 'offline' }] }, 400, /name/],
      [{ prompt_ref: { name: 'missing' }, targets: [{ connection: 'offline' }] }, 404, /missing/],
      ['not json', 400, /./],
    ];
    for (const [body, status, message] of bad) {
      const answer = await server.app.inject({
        method: 'POST', url: '/api/v1/playground/runs', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect([JSON.stringify(body), answer.statusCode]).toEqual([JSON.stringify(body), status]);
      expect(answer.json().message).toMatch(message);
    }
  });
});
