// `tracehub import langfuse` against a fake Langfuse server (node:http answering the public API
// routes with paginated fixtures): prompts with every version and label, a dataset with items, traces
// of a time range with nested observations and scores arrive in Trace Hub and read back through its
// own API; an interrupted run resumes; a second run (and one without the state file) copies nothing new.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { tempDir } from '../../src/storage/testing/test-stores.js';
import { oneLineError, runCli } from '../cli-harness.js';
import { basicAuth, call, startTestServer } from '../helpers.js';

const PUBLIC_KEY = 'pk-lf-source';
const SECRET_KEY = 'sk-lf-source';

const text = (name: string, version: number, prompt: string, labels: string[]) => ({
  name, version, type: 'text', prompt, labels, tags: ['qa'], config: { model: 'gpt-4o', temperature: version / 10 }, commitMessage: `v${version}`,
});
const PROMPTS = [
  text('qa-answer', 1, 'Answer {{question}}', []),
  text('qa-answer', 2, 'Answer briefly: {{question}}', ['production']),
  text('qa-answer', 3, 'Answer in one line: {{question}}', ['staging', 'latest']),
  {
    name: 'support-chat', version: 1, type: 'chat', labels: ['production'], tags: [], config: {}, commitMessage: null,
    prompt: [{ type: 'chatmessage', role: 'system', content: 'You help with {{product}}.' }, { type: 'chatmessage', role: 'user', content: '{{question}}' }],
  },
  {
    name: 'support-chat', version: 2, type: 'chat', labels: ['latest'], tags: [], config: {}, commitMessage: 'shorter',
    prompt: [{ type: 'chatmessage', role: 'system', content: 'Help with {{product}}.' }, { type: 'chatmessage', role: 'user', content: '{{question}}' }],
  },
];

const dataset = (id: string, name: string, description: string, metadata: unknown) => ({ id, name, description, metadata, projectId: 'p', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
// The second name is a Langfuse folder, which Trace Hub's Langfuse API maps to a Trace Hub name.
const DATASETS = [dataset('ds-1', 'qa-golden', 'Golden questions', { owner: 'mina' }), dataset('ds-2', 'evals/smoke test', 'Smoke', null)];
const ITEMS = [
  { id: 'item-1', status: 'ACTIVE', input: { question: 'What is 2+2?' }, expectedOutput: '4', metadata: { level: 'easy' }, sourceTraceId: 'lf-trace-1', sourceObservationId: 'lf-gen-1', datasetName: 'qa-golden' },
  { id: 'item-2', status: 'ACTIVE', input: { question: 'Capital of France?' }, expectedOutput: 'Paris', metadata: null, sourceTraceId: null, sourceObservationId: null, datasetName: 'qa-golden' },
  { id: 'item-3', status: 'ARCHIVED', input: { question: 'old' }, expectedOutput: null, metadata: 'legacy', sourceTraceId: null, sourceObservationId: null, datasetName: 'qa-golden' },
  { id: 'smoke-1', status: 'ACTIVE', input: 'ping', expectedOutput: 'pong', metadata: {}, sourceTraceId: null, sourceObservationId: null, datasetName: 'evals/smoke test' },
];

const obs = <T extends { id: string }>(o: T) => ({
  endTime: null, completionStartTime: null, model: null, modelParameters: {}, input: null, output: null, metadata: {}, level: 'DEFAULT',
  statusMessage: null, parentObservationId: null, version: null, usageDetails: {}, costDetails: {}, environment: 'production', ...o,
});
/** A trace as the fake answers it from GET /api/public/traces/{id}. */
interface FakeTrace {
  id: string;
  timestamp: string;
  observations: Array<{ id: string }>;
  scores: Array<{ id: string; [field: string]: unknown }>;
  [field: string]: unknown;
}
const TRACES: FakeTrace[] = [
  {
    id: 'lf-trace-1', timestamp: '2026-03-01T10:00:00.000Z', name: 'qa', userId: 'u-1', sessionId: 's-1', tags: ['prod'], release: 'r1', version: 'v1',
    environment: 'production', input: { question: 'What is 2+2?' }, output: '4', metadata: { team: 'search' }, latency: 2.5,
    observations: [
      obs({ id: 'lf-span-1', traceId: 'lf-trace-1', type: 'SPAN', name: 'pipeline', startTime: '2026-03-01T10:00:00.000Z', endTime: '2026-03-01T10:00:02.500Z' }),
      obs({
        id: 'lf-gen-1', traceId: 'lf-trace-1', type: 'GENERATION', name: 'llm-call', parentObservationId: 'lf-span-1', model: 'gpt-4o-mini',
        startTime: '2026-03-01T10:00:00.500Z', endTime: '2026-03-01T10:00:02.000Z', modelParameters: { temperature: 0 },
        input: [{ role: 'user', content: 'What is 2+2?' }], output: { role: 'assistant', content: '4' }, promptName: 'qa-answer', promptVersion: 2,
        usage: { input: 80, output: 30, total: 130, unit: 'TOKENS' }, usageDetails: { input: 80, input_cached_tokens: 20, output: 30, total: 130 },
        costDetails: { input: 0.001, output: 0.002, total: 0.003 },
      }),
      obs({ id: 'lf-event-1', traceId: 'lf-trace-1', type: 'EVENT', name: 'cache-hit', parentObservationId: 'lf-span-1', startTime: '2026-03-01T10:00:00.200Z' }),
    ],
    scores: [
      { id: 'lf-score-1', traceId: 'lf-trace-1', observationId: null, name: 'correctness', value: 0.9, dataType: 'NUMERIC', source: 'API', comment: 'close', timestamp: '2026-03-01T10:01:00.000Z', metadata: {} },
    ],
  },
  {
    id: 'lf-trace-2', timestamp: '2026-03-02T10:00:00.000Z', name: 'qa', userId: null, sessionId: null, tags: [], release: null, version: null,
    environment: 'default', input: 'hello', output: null, metadata: {}, latency: null,
    observations: [
      obs({ id: 'lf-tool-2', traceId: 'lf-trace-2', type: 'TOOL', name: 'search', startTime: '2026-03-02T10:00:00.000Z', endTime: '2026-03-02T10:00:01.000Z' }),
      obs({ id: 'lf-gen-2', traceId: 'lf-trace-2', type: 'GENERATION', name: 'llm', parentObservationId: 'lf-tool-2', startTime: '2026-03-02T10:00:00.100Z', endTime: '2026-03-02T10:00:00.900Z', level: 'ERROR', statusMessage: 'rate limited' }),
    ],
    scores: [
      { id: 'lf-score-2', traceId: 'lf-trace-2', observationId: 'lf-gen-2', name: 'tone', value: null, stringValue: 'friendly', dataType: 'CATEGORICAL', source: 'ANNOTATION', comment: null, timestamp: '2026-03-02T10:05:00.000Z', metadata: {} },
    ],
  },
  {
    id: 'lf-trace-3', timestamp: '2026-03-03T10:00:00.000Z', name: 'agent-run', userId: null, sessionId: 's-1', tags: [], release: null, version: null,
    environment: 'default', input: null, output: null, metadata: {}, latency: 1,
    observations: [
      obs({ id: 'lf-agent-3', traceId: 'lf-trace-3', type: 'AGENT', name: 'planner', startTime: '2026-03-03T10:00:00.000Z', endTime: '2026-03-03T10:00:01.000Z' }),
      obs({ id: 'lf-tool-3', traceId: 'lf-trace-3', type: 'TOOL', name: 'calculator', parentObservationId: 'lf-agent-3', startTime: '2026-03-03T10:00:00.200Z', endTime: '2026-03-03T10:00:00.300Z' }),
    ],
    scores: [],
  },
  // Outside the imported time range.
  { id: 'lf-trace-old', timestamp: '2025-12-01T10:00:00.000Z', name: 'old', environment: 'default', tags: [], metadata: {}, observations: [], scores: [] },
];

/** The fake's page size: smaller than what the importer asks for, so every list takes several pages. */
const PAGE = 2;

function page<T>(all: T[], url: URL) {
  const pageNo = Number(url.searchParams.get('page') ?? 1);
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), PAGE);
  return { data: all.slice((pageNo - 1) * limit, pageNo * limit), meta: { page: pageNo, limit, totalItems: all.length, totalPages: Math.ceil(all.length / limit) } };
}

/** A fake Langfuse server: the public routes the importer reads, Basic auth, and faults on demand. */
function startFakeLangfuse() {
  const faults = { once503: new Set<string>(), always500: new Set<string>() };
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${req.method} ${url.pathname}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString('base64')}`) return send(401, { message: 'Invalid credentials' });
    if (faults.once503.delete(url.pathname)) return send(503, { message: 'busy' });
    if (faults.always500.has(url.pathname)) return send(500, { message: 'Internal Server Error' });
    const parts = url.pathname.split('/').map(decodeURIComponent);
    if (url.pathname === '/api/public/v2/prompts') {
      const names = [...new Set(PROMPTS.map((p) => p.name))];
      return send(200, page(names.map((name) => ({ name, versions: PROMPTS.filter((p) => p.name === name).map((p) => p.version), labels: [], tags: [] })), url));
    }
    if (parts.slice(0, 5).join('/') === '/api/public/v2/prompts' && parts.length === 6) {
      const found = PROMPTS.find((p) => p.name === parts[5] && p.version === Number(url.searchParams.get('version')));
      return found ? send(200, found) : send(404, { message: 'Prompt not found' });
    }
    if (url.pathname === '/api/public/v2/datasets') return send(200, page(DATASETS, url));
    if (url.pathname === '/api/public/dataset-items') return send(200, page(ITEMS.filter((i) => i.datasetName === url.searchParams.get('datasetName')), url));
    if (url.pathname === '/api/public/traces') {
      const from = url.searchParams.get('fromTimestamp');
      const to = url.searchParams.get('toTimestamp');
      const inRange = TRACES.filter((t) => (!from || t.timestamp >= from) && (!to || t.timestamp < to)).map(({ observations, scores, ...t }) => ({
        ...t, observations: observations.map((o) => o.id), scores: scores.map((s) => s.id),
      }));
      return send(200, page(inRange, url));
    }
    if (parts.slice(0, 4).join('/') === '/api/public/traces' && parts.length === 5) {
      const found = TRACES.find((t) => t.id === parts[4]);
      return found ? send(200, found) : send(404, { message: 'Trace not found' });
    }
    send(404, { message: `no route ${url.pathname}` });
  });
  return new Promise<{ url: string; faults: typeof faults; requests: string[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        faults,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

interface SpanNode {
  span_id: string;
  parent_span_id: string | null;
  children?: SpanNode[];
  [key: string]: unknown;
}
const flatten = (nodes: SpanNode[]): SpanNode[] => nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);

describe('tracehub import langfuse', () => {
  let server: RunningServer;
  let langfuse: Awaited<ReturnType<typeof startFakeLangfuse>>;
  let env: Record<string, string>;
  const cwd = tempDir('tracehub-import-langfuse-');
  const importArgs = ['import', 'langfuse', '--from', '2026-01-01', '--to', '2026-04-01T00:00:00Z', '--project', 'default'];
  const run = (...extra: string[]) => runCli([...importArgs, ...extra], cwd, env);
  const stateFiles = () => fs.readdirSync(path.join(cwd, '.tracehub')).filter((f) => f.startsWith('import-langfuse-'));

  beforeAll(async () => {
    langfuse = await startFakeLangfuse();
    server = await startTestServer('sqlite');
    const traceHub = await server.app.listen({ port: 0, host: '127.0.0.1' });
    env = { TRACEHUB_HOST: traceHub, TRACEHUB_API_KEY: 'dev-key', LANGFUSE_HOST: langfuse.url, LANGFUSE_PUBLIC_KEY: PUBLIC_KEY, LANGFUSE_SECRET_KEY: SECRET_KEY };
  });
  afterAll(async () => {
    await server?.close();
    await langfuse?.close();
  });

  it('stops with one line on a Langfuse failure, having copied and recorded what came before', async () => {
    langfuse.faults.once503.add('/api/public/v2/datasets'); // retried
    langfuse.faults.always500.add('/api/public/traces/lf-trace-3'); // not retried: the run stops
    const first = await run();
    expect(oneLineError(first)).toMatch(/^error: Langfuse: Internal Server Error \(500 on GET \/api\/public\/traces\/lf-trace-3\)/);
    expect(langfuse.faults.once503.size).toBe(0);
    expect(first.stdout).toContain('prompt versions: 5 new, 0 already in Trace Hub; labels set: 3');
    expect(first.stdout).toContain('datasets: 2 new, 0 already in Trace Hub; items: 4 new, 0 already in Trace Hub');
    expect(first.stdout).toContain('traces: 2 new, 0 already in Trace Hub; observations sent: 5');
    expect(first.stdout).toContain('scores: 2 new, 0 already in Trace Hub');
    const state = JSON.parse(fs.readFileSync(path.join(cwd, '.tracehub', stateFiles()[0]), 'utf8'));
    expect(state.traces).toEqual(['lf-trace-1', 'lf-trace-2']);
    expect((await call(server.app, 'GET', '/api/v1/traces/lf-trace-3')).status).toBe(404);
  });

  it('resumes: copies only the rest, then everything reads back through the Trace Hub API', async () => {
    langfuse.faults.always500.clear();
    const resumed = await run();
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('prompt versions: 0 new, 5 already in Trace Hub');
    expect(resumed.stdout).toContain('datasets: 0 new, 2 already in Trace Hub; items: 0 new, 4 already in Trace Hub');
    expect(resumed.stdout).toContain('traces: 1 new, 2 already in Trace Hub');
    expect(resumed.stdout).toContain('scores: 0 new, 0 already in Trace Hub');

    // Prompts: every version in order, Mustache, tags in the config, labels where Langfuse had them.
    const qa = (await call(server.app, 'GET', '/api/v1/prompts/qa-answer/versions')).body.items;
    expect(qa.map((v: { version: number; prompt: string }) => [v.version, v.prompt]).sort()).toEqual([
      [1, 'Answer {{question}}'], [2, 'Answer briefly: {{question}}'], [3, 'Answer in one line: {{question}}'],
    ]);
    const production = (await call(server.app, 'GET', '/api/v1/prompts/qa-answer?label=production')).body;
    expect(production).toMatchObject({ version: 2, template_format: 'mustache', config: { model: 'gpt-4o', temperature: 0.2, langfuse_tags: ['qa'] }, commit_message: 'v2' });
    expect((await call(server.app, 'GET', '/api/v1/prompts/qa-answer?label=staging')).body.labels.sort()).toEqual(['latest', 'staging']);
    const chat = (await call(server.app, 'GET', '/api/v1/prompts/support-chat?label=production')).body;
    expect(chat).toMatchObject({ version: 1, type: 'chat', prompt: [{ role: 'system', content: 'You help with {{product}}.' }, { role: 'user', content: '{{question}}' }] });
    expect((await call(server.app, 'GET', '/api/v1/prompts/support-chat?label=latest')).body.version).toBe(2);

    // The dataset and its items, archived one included.
    const golden = (await call(server.app, 'GET', '/api/v1/datasets/qa-golden')).body;
    expect(golden.dataset).toMatchObject({ description: 'Golden questions', metadata: { owner: 'mina' } });
    expect(golden.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([['item-1', 'active'], ['item-2', 'active'], ['item-3', 'archived']]);
    expect(golden.items[0]).toMatchObject({ input: { question: 'What is 2+2?' }, expected_output: '4', source_trace_id: 'lf-trace-1', source_span_id: 'lf-gen-1' });
    expect(golden.items[2].metadata).toEqual({ 'langfuse.metadata': 'legacy' });
    // A Langfuse folder name gets the Trace Hub name that Trace Hub's Langfuse API gives it, and reads back by its Langfuse name.
    const auth = basicAuth('pk-lf-x');
    const smoke = await server.app.inject({ method: 'GET', url: `/api/public/v2/datasets/${encodeURIComponent('evals/smoke test')}`, headers: { authorization: auth } });
    expect(smoke.json()).toMatchObject({ name: 'evals/smoke test', description: 'Smoke' });
    const smokeItems = await server.app.inject({ method: 'GET', url: `/api/public/dataset-items?datasetName=${encodeURIComponent('evals/smoke test')}`, headers: { authorization: auth } });
    expect(smokeItems.json().data).toEqual([expect.objectContaining({ id: 'smoke-1', input: 'ping', expectedOutput: 'pong' })]);

    // Traces in the range with nested observations, usage, cost, levels and scores.
    const one = (await call(server.app, 'GET', '/api/v1/traces/lf-trace-1')).body;
    expect(one.trace).toMatchObject({ name: 'qa', status: 'success', user_id: 'u-1', session_id: 's-1', tags: ['prod'], environment: 'production', release: 'r1', output_text: '4' });
    const spans = flatten(one.spans);
    expect(spans.map((s) => [s.span_id, s.parent_span_id, s.span_type]).sort()).toEqual([
      ['lf-event-1', 'lf-span-1', 'event'], ['lf-gen-1', 'lf-span-1', 'llm'], ['lf-span-1', null, 'span'],
    ]);
    const generation = spans.find((s) => s.span_id === 'lf-gen-1') as SpanNode;
    expect(generation).toMatchObject({ model: 'gpt-4o-mini', input_tokens: 100, cached_input_tokens: 20, output_tokens: 30, total_tokens: 130, cost: 0.003 });
    expect(generation.attributes).toMatchObject({ 'langfuse.observation.prompt.name': 'qa-answer', 'langfuse.observation.prompt.version': 2 });
    expect(one.evals).toEqual([expect.objectContaining({ eval_name: 'correctness', score: 0.9, comment: 'close' })]);
    const two = (await call(server.app, 'GET', '/api/v1/traces/lf-trace-2')).body;
    expect(two.trace.status).toBe('error');
    expect(flatten(two.spans).find((s) => s.span_id === 'lf-gen-2')).toMatchObject({ status: 'error', status_message: 'rate limited' });
    expect(two.evals).toEqual([expect.objectContaining({ eval_name: 'tone', label: 'friendly', span_id: 'lf-gen-2', source: 'human' })]);
    const three = (await call(server.app, 'GET', '/api/v1/traces/lf-trace-3')).body;
    expect(flatten(three.spans).map((s) => [s.span_id, s.span_type]).sort()).toEqual([['lf-agent-3', 'agent'], ['lf-tool-3', 'tool']]);
    expect((await call(server.app, 'GET', '/api/v1/traces/lf-trace-old')).status).toBe(404);

    // And through Trace Hub's Langfuse API, as the Langfuse server showed it.
    const basic = basicAuth('pk-lf-x');
    const again = (await server.app.inject({ method: 'GET', url: '/api/public/traces/lf-trace-1', headers: { authorization: basic } })).json();
    expect(again).toMatchObject({ id: 'lf-trace-1', name: 'qa', userId: 'u-1', sessionId: 's-1', tags: ['prod'] });
    const gen = again.observations.find((o: { id: string }) => o.id === 'lf-gen-1');
    expect(gen).toMatchObject({ type: 'GENERATION', parentObservationId: 'lf-span-1', model: 'gpt-4o-mini', promptName: 'qa-answer', promptVersion: 2, modelParameters: { temperature: 0 } });
    expect(gen.usageDetails).toMatchObject({ input: 80, output: 30 });
    expect(again.scores).toEqual([expect.objectContaining({ id: 'lf-score-1', name: 'correctness', value: 0.9, dataType: 'NUMERIC' })]);
  });

  it('copies nothing new when run again, with or without its state file', async () => {
    const again = await run();
    expect(again.code).toBe(0);
    for (const line of ['prompt versions: 0 new, 5 already', 'labels set: 0', 'items: 0 new, 4 already', 'traces: 0 new, 3 already', 'scores: 0 new, 0 already']) {
      expect(again.stdout).toContain(line);
    }
    // Without the state file, Trace Hub's content comparison and idempotency keys still hold.
    for (const file of stateFiles()) fs.rmSync(path.join(cwd, '.tracehub', file));
    const fresh = await run();
    expect(fresh.code).toBe(0);
    for (const line of ['prompt versions: 0 new, 5 already', 'labels set: 0', 'datasets: 0 new, 2 already', 'items: 0 new, 4 already', 'traces: 0 new, 3 already', 'scores: 0 new, 2 already']) {
      expect(fresh.stdout).toContain(line);
    }
    expect((await call(server.app, 'GET', '/api/v1/prompts/qa-answer/versions')).body.items).toHaveLength(3);
    expect((await call(server.app, 'GET', '/api/v1/traces/lf-trace-1')).body.evals).toHaveLength(1);
  });

  it('fails with one line on bad options and refused keys', async () => {
    expect(oneLineError(await runCli(importArgs, cwd, { ...env, LANGFUSE_SECRET_KEY: 'sk-lf-wrong' }))).toMatch(/^error: Langfuse refused the request \(401\)/);
    expect(oneLineError(await runCli(['import', 'langfuse', '--project', 'other'], cwd, env))).toMatch(/^error: TRACEHUB_API_KEY belongs to project "default", not "other"/);
    expect(oneLineError(await runCli(['import', 'langfuse', '--from', 'yesterday'], cwd, env))).toMatch(/^error: --from "yesterday" is not a date/);
    expect(oneLineError(await runCli(['import', 'langfuse'], cwd, { ...env, LANGFUSE_HOST: '', LANGFUSE_BASE_URL: '' }))).toMatch(/^error: Give the Langfuse server with --host/);
  });
});
