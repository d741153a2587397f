import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreCommentSchema } from '@tracehub/core';
import { startFakeLangSmith, type FakeLangSmith } from '../testing/fake-langsmith-server.js';
import { startFakeOpenAi, type FakeOpenAi } from '../testing/fake-openai-server.js';
import { makeWorkspace, testSpec } from '../testing/test-runs.js';
import { prepareRun, type PrepareOptions } from '../runner/prepare-run.js';
import { runExperiment } from '../runner/run-experiment.js';
import { createTrackers, parseTrackerList } from './create-trackers.js';
import { langsmithExampleId } from './langsmith-api.js';

const servers: Array<FakeLangSmith | FakeOpenAi> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function run(cwd: string, env: NodeJS.ProcessEnv, extra: { baseUrl?: string; name?: string; repetitions?: number; concurrency?: number; prepare?: Partial<PrepareOptions> } = {}) {
  const trackers = ['langsmith'];
  const spec = testSpec({ name: extra.name ?? 'tracked', trackers, baseUrl: extra.baseUrl, repetitions: extra.repetitions ?? 1, concurrency: extra.concurrency ?? 4 });
  const traceHub = { host: 'http://127.0.0.1:1', apiKey: 'x' };
  const prepared = await prepareRun(spec, { cwd, env, traceHub, trackers: createTrackers(trackers, { env, traceHub }), ...extra.prepare });
  return runExperiment(prepared);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('langsmith tracker', () => {
  it('is a tracker name', () => {
    expect(parseTrackerList('mlflow+langsmith')).toEqual(['mlflow', 'langsmith']);
  });

  it('creates the dataset and examples, an experiment linked to it, one run per item on its example, and feedback per evaluator', async () => {
    const ls = await startFakeLangSmith();
    servers.push(ls);
    const cwd = makeWorkspace({ count: 3 });
    // A self-hosted LangSmith's endpoint ends in /api/v1; the SDK paths go after it.
    const env = { LANGSMITH_ENDPOINT: `${ls.url}/api/v1`, LANGSMITH_API_KEY: ls.apiKey };
    const result = await run(cwd, env);
    expect(result.trackerErrors).toEqual([]);
    expect(ls.requests.every((r) => r.headers['x-api-key'] === ls.apiKey && r.url.startsWith('/api/v1/'))).toBe(true);
    expect(ls.requests[0]).toMatchObject({ method: 'GET', url: '/api/v1/sessions?limit=1' });

    expect(ls.datasets).toEqual([expect.objectContaining({ name: 'qa', data_type: 'kv' })]);
    const datasetId = ls.datasets[0].id;
    expect(ls.examples.map((e) => e.id).sort()).toEqual(['case_000', 'case_001', 'case_002'].map((id) => langsmithExampleId('qa', id)).sort());
    const example0 = ls.examples.find((e) => e.id === langsmithExampleId('qa', 'case_000'))!;
    expect(example0).toMatchObject({
      dataset_id: datasetId,
      inputs: { word: 'word-0' },
      outputs: { keywords: ['PASS'], forbidden: ['FORBIDDEN'], reference: {} },
      metadata: { tracehub_item_id: 'case_000', description: 'case 0' },
    });

    const experiment = ls.sessions.find((s) => s.reference_dataset_id === datasetId)!;
    expect(experiment.name).toBe(`tracked (${result.metrics.run_id})`);
    expect(experiment.extra.metadata).toMatchObject({ run_id: result.metrics.run_id, evaluation_profile: 'test', dataset_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    expect(ls.runs).toHaveLength(3);
    for (const r of ls.runs) {
      expect(r.id).toMatch(UUID);
      expect(r).toMatchObject({ trace_id: r.id, session_id: experiment.id, run_type: 'chain', tags: ['experiment', `run:${result.metrics.run_id}`] });
      expect(r.dotted_order).toMatch(new RegExp(`^\\d{8}T\\d{12}Z${r.id}$`));
    }
    const run0 = ls.runs.find((r) => r.reference_example_id === example0.id)!;
    expect(run0).toMatchObject({ inputs: { word: 'word-0' }, extra: { metadata: { item_id: 'case_000', run_id: result.metrics.run_id } } });
    expect(run0.outputs).toEqual({ output: expect.any(String) });

    // One feedback per item and evaluator, on the item's run, with the structured JSON comment.
    expect(ls.feedback).toHaveLength(6);
    const mine = ls.feedback.filter((f) => f.run_id === run0.id);
    expect(mine.map((f) => f.key).sort()).toEqual(['forbidden', 'keywords']);
    const keywords = mine.find((f) => f.key === 'keywords')!;
    const record = result.records.find((r) => r.item_id === 'case_000')!;
    expect(keywords.score).toBe(record.scores.keywords.score);
    expect(scoreCommentSchema.parse(JSON.parse(keywords.comment))).toBeTruthy();

    // The end: the experiment gets its end time and metrics.
    const last = ls.requests[ls.requests.length - 1];
    expect(last).toMatchObject({ method: 'PATCH', url: `/api/v1/sessions/${experiment.id}` });
    expect(experiment.extra.metadata.dataset_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(last.json().extra.metadata).toMatchObject({ status: 'completed', pass_rate: result.metrics.pass_rate, items: 3, keywords_mean: result.metrics.scores.keywords });

    // A second run over the same dataset reuses its examples (no copies) in a new experiment.
    const again = await run(cwd, env, { name: 'tracked-2' });
    expect(again.trackerErrors).toEqual([]);
    expect(ls.datasets).toHaveLength(1);
    expect(ls.examples).toHaveLength(3);
    expect(ls.requests.filter((r) => r.url === '/api/v1/examples/bulk')).toHaveLength(3);
    expect(ls.sessions.filter((s) => s.reference_dataset_id === datasetId)).toHaveLength(2);
    expect(ls.runs).toHaveLength(6);
  });

  it('--resume keeps the experiment: the rest of the items join the same session', async () => {
    const ls = await startFakeLangSmith();
    servers.push(ls);
    const cwd = makeWorkspace({ count: 4 });
    const env = { LANGSMITH_ENDPOINT: ls.url, LANGSMITH_API_KEY: ls.apiKey };
    const controller = new AbortController();
    const first = await run(cwd, env, { name: 'resumed', concurrency: 1, prepare: { signal: controller.signal, onProgress: (p) => p.done >= 2 && controller.abort() } });
    expect(first.status).toBe('interrupted');
    expect(ls.sessions.filter((s) => s.reference_dataset_id)).toHaveLength(1);
    const session = ls.sessions.find((s) => s.reference_dataset_id)!;
    const second = await run(cwd, env, { name: 'resumed', concurrency: 1, prepare: { resumeDir: first.dir } });
    expect(second.status).toBe('completed');
    expect(second.trackerErrors).toEqual([]);
    expect(ls.sessions.filter((s) => s.reference_dataset_id)).toHaveLength(1);
    expect(ls.runs.map((r) => r.session_id)).toEqual(Array(4).fill(session.id));
    expect(session.extra.metadata).toMatchObject({ status: 'completed', items: 4 });
  });

  it('repetitions of an item, logged at once, share one example', async () => {
    const ls = await startFakeLangSmith();
    servers.push(ls);
    const result = await run(makeWorkspace({ count: 2 }), { LANGSMITH_ENDPOINT: ls.url, LANGSMITH_API_KEY: ls.apiKey }, { repetitions: 3 });
    expect(result.trackerErrors).toEqual([]);
    expect(ls.examples).toHaveLength(2);
    expect(ls.runs).toHaveLength(6);
    expect(new Set(ls.runs.map((r) => r.reference_example_id)).size).toBe(2);
  });

  it('named but not configured, refused or unreachable: the run fails before any model call, naming it', async () => {
    const openai = await startFakeOpenAi(() => 'PASS');
    const ls = await startFakeLangSmith();
    servers.push(openai, ls);
    const cwd = makeWorkspace({ count: 2 });
    await expect(run(cwd, {}, { baseUrl: openai.url })).rejects.toThrow(/Tracker check failed, no model was called: langsmith: LANGSMITH_API_KEY is not set/);
    await expect(run(cwd, { LANGSMITH_ENDPOINT: ls.url, LANGSMITH_API_KEY: 'wrong' }, { baseUrl: openai.url })).rejects.toThrow(
      /langsmith: LangSmith at http:\/\/127\.0\.0\.1:\d+ refused the key \(401\); check LANGSMITH_API_KEY/,
    );
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((r) => closed.close(r));
    await expect(run(cwd, { LANGSMITH_ENDPOINT: `http://127.0.0.1:${port}`, LANGSMITH_API_KEY: 'k' }, { baseUrl: openai.url })).rejects.toThrow(
      /langsmith: Cannot reach LangSmith at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); check that it is running and LANGSMITH_ENDPOINT is right/,
    );
    const notLangSmith = await startFakeOpenAi(() => 'PASS');
    servers.push(notLangSmith);
    await expect(run(cwd, { LANGSMITH_ENDPOINT: notLangSmith.url, LANGSMITH_API_KEY: 'k' }, { baseUrl: openai.url })).rejects.toThrow(/is LANGSMITH_ENDPOINT a LangSmith API/);
    expect(openai.chatRequests).toHaveLength(0);
    expect(ls.runs).toHaveLength(0);
  });
});
