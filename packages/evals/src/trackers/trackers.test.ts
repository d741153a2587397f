import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreCommentSchema } from '@tracehub/core';
import { decodeOtlpTraceRequest } from '../../../server/src/otlp/decode-otlp-trace-request.js';
import { startRecordingServer, type RecordingServer } from '../testing/recording-server.js';
import { startFakeOpenAi } from '../testing/fake-openai-server.js';
import { makeWorkspace, testSpec } from '../testing/test-runs.js';
import { prepareRun } from '../runner/prepare-run.js';
import { runExperiment } from '../runner/run-experiment.js';
import { createTrackers } from './create-trackers.js';

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function run(cwd: string, trackers: string[], env: NodeJS.ProcessEnv, extra: { baseUrl?: string; name?: string } = {}) {
  const spec = testSpec({ name: extra.name ?? 'tracked', trackers, baseUrl: extra.baseUrl });
  const prepared = await prepareRun(spec, { cwd, env, traceHub: { host: 'http://127.0.0.1:1', apiKey: 'x' }, trackers: createTrackers(trackers, { env, traceHub: { host: 'http://127.0.0.1:1', apiKey: 'x' } }) });
  return runExperiment(prepared);
}

describe('trackers', () => {
  it('mlflow: experiment, run, params, metrics, tags and every artifact arrive in the right REST calls', async () => {
    const mlflow = await startRecordingServer((req) => {
      if (req.url.startsWith('/api/2.0/mlflow/experiments/get-by-name')) return { status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no experiment' } };
      if (req.url === '/api/2.0/mlflow/experiments/create') return { body: { experiment_id: '7' } };
      if (req.url === '/api/2.0/mlflow/runs/create') return { body: { run: { info: { run_id: 'mlrun1', experiment_id: '7', artifact_uri: 'mlflow-artifacts:/7/mlrun1/artifacts' } } } };
      return { body: {} };
    });
    servers.push(mlflow);
    const cwd = makeWorkspace({ count: 4, split: true });
    const result = await run(cwd, ['mlflow'], { MLFLOW_TRACKING_URI: mlflow.url, MLFLOW_EXPERIMENT_NAME: 'evals' });
    expect(result.trackerErrors).toEqual([]);
    const calls = mlflow.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(calls.slice(0, 3)).toEqual(['GET /api/2.0/mlflow/experiments/get-by-name', 'POST /api/2.0/mlflow/experiments/create', 'POST /api/2.0/mlflow/runs/create']);
    expect(mlflow.requests[1].json()).toEqual({ name: 'evals' });
    const create = mlflow.requests[2].json();
    expect(create.experiment_id).toBe('7');
    expect(create.tags).toEqual(expect.arrayContaining([{ key: 'run_id', value: result.metrics.run_id }, { key: 'dataset_name', value: 'qa' }, { key: 'evaluation_profile', value: 'test' }]));
    const batch = mlflow.requests.find((r) => r.url === '/api/2.0/mlflow/runs/log-batch')!.json();
    expect(batch.run_id).toBe('mlrun1');
    expect(batch.params).toEqual(expect.arrayContaining([{ key: 'run_id', value: result.metrics.run_id }, { key: 'prompt_version', value: expect.stringMatching(/^local-/) }, { key: 'model_name', value: 'fake-model' }]));
    const metric = (key: string) => batch.metrics.find((m: { key: string }) => m.key === key)?.value;
    expect(metric('score_mean')).toBe(result.metrics.aggregations.mean);
    expect(metric('pass_rate')).toBe(result.metrics.pass_rate);
    expect(metric('keywords_mean')).toBe(result.metrics.scores.keywords);
    expect(metric('group.dataset_split.train')).toBe(result.metrics.by_group.dataset_split.train);
    expect(mlflow.requests.find((r) => r.url === '/api/2.0/mlflow/runs/set-tag')!.json()).toEqual({ run_id: 'mlrun1', key: 'tracehub.status', value: 'completed' });
    const uploads = mlflow.requests.filter((r) => r.method === 'PUT');
    const uploaded = uploads.map((r) => r.url.replace('/api/2.0/mlflow-artifacts/artifacts/7/mlrun1/artifacts/', '')).sort();
    // Seed 004's artifact layout (dataset/, metrics/, analysis/, reports/, prompts/, config/), from the local results folder.
    expect(uploaded).toEqual([
      'analysis/analysis.json', 'analysis/analysis.md', 'analysis/items.jsonl', 'config/model_config.json', 'config/run_config.json',
      'config/tracker_state.json', 'dataset/dataset_snapshot.json', 'dataset/expected.json', 'dataset/test_cases.json', 'manifest.json',
      'metrics/metrics.csv', 'metrics/metrics.json', 'prompts/prompt_snapshot.json', 'reports/report.html', 'reports/report.md', 'reports/report.xlsx',
    ]);
    for (const [artifact, local] of [['metrics/metrics.json', 'metrics.json'], ['reports/report.md', 'report.md'], ['analysis/analysis.json', 'analysis/analysis.json'], ['reports/report.xlsx', 'reports/report.xlsx']]) {
      const upload = uploads.find((r) => r.url.endsWith(`/artifacts/${artifact}`))!;
      expect(upload.body.equals(fs.readFileSync(path.join(result.dir, local))), artifact).toBe(true);
    }
    const last = mlflow.requests[mlflow.requests.length - 1];
    expect(last.url).toBe('/api/2.0/mlflow/runs/update');
    expect(last.json()).toMatchObject({ run_id: 'mlrun1', status: 'FINISHED' });
  });

  it('a named tracker that is unreachable or not configured fails the run before any model call, naming it', async () => {
    const openai = await startFakeOpenAi(() => 'PASS');
    servers.push(openai);
    const cwd = makeWorkspace({ count: 3 });
    const port = await closedPort();
    await expect(run(cwd, ['mlflow'], { MLFLOW_TRACKING_URI: `http://127.0.0.1:${port}` }, { baseUrl: openai.url })).rejects.toThrow(
      /Tracker check failed, no model was called: mlflow: MLflow is not reachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    await expect(run(cwd, ['mlflow', 'phoenix', 'langfuse'], {}, { baseUrl: openai.url })).rejects.toThrow(
      /mlflow: MLFLOW_TRACKING_URI is not set.*phoenix: PHOENIX_ENDPOINT is not set.*langfuse: LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not set/,
    );
    expect(openai.chatRequests).toHaveLength(0);
    expect(fs.existsSync(path.join(cwd, 'results', 'tracked'))).toBe(false);
  });

  it('phoenix: OTLP/HTTP protobuf (decodable by the OTLP decoder) with OpenInference attributes and the Bearer token; JSON on request', async () => {
    const phoenix = await startRecordingServer(() => ({ body: {} }));
    servers.push(phoenix);
    const cwd = makeWorkspace({ count: 3 });
    const result = await run(cwd, ['phoenix'], { PHOENIX_ENDPOINT: phoenix.url, PHOENIX_API_TOKEN: 'tok', PHOENIX_PROJECT_NAME: 'evals' });
    expect(result.trackerErrors).toEqual([]);
    const traces = phoenix.requests.filter((r) => r.url === '/v1/traces');
    const annotations = phoenix.requests.filter((r) => r.url === '/v1/span_annotations?sync=false');
    expect(traces).toHaveLength(4);
    expect(annotations).toHaveLength(3);
    expect(phoenix.requests).toHaveLength(7);
    expect(traces.every((r) => r.headers.authorization === 'Bearer tok' && r.headers['content-type'] === 'application/x-protobuf')).toBe(true);
    expect(traces[0].body.length).toBe(0);
    const decoded = decodeOtlpTraceRequest(traces[1].body, 'application/x-protobuf', undefined);
    if (!decoded.ok) throw new Error(decoded.message);
    const rs = decoded.request.resourceSpans![0];
    expect(rs.resource!.attributes!.find((a) => a.key === 'openinference.project.name')!.value).toMatchObject({ stringValue: 'evals' });
    const spans = rs.scopeSpans![0].spans!;
    expect(spans.map((s) => s.name)).toEqual(['item case_000', 'render prompt', 'generation', 'evaluator keywords', 'evaluator forbidden']);
    const attr = (i: number, key: string) => spans[i].attributes!.find((a) => a.key === key)?.value;
    expect(attr(0, 'openinference.span.kind')).toMatchObject({ stringValue: 'CHAIN' });
    expect(attr(2, 'openinference.span.kind')).toMatchObject({ stringValue: 'LLM' });
    expect(attr(2, 'llm.model_name')).toMatchObject({ stringValue: 'fake-model' });
    expect(attr(3, 'openinference.span.kind')).toMatchObject({ stringValue: 'EVALUATOR' });
    expect(scoreCommentSchema.parse(JSON.parse((attr(3, 'tracehub.eval.comment') as { stringValue: string }).stringValue))).toBeTruthy();
    expect(attr(0, 'session.id')).toMatchObject({ stringValue: result.metrics.run_id });
    // The scores as real Phoenix evaluations: span annotations on the evaluator spans, after their trace.
    const hex = (id: Uint8Array | string | undefined) => (typeof id === 'string' ? id : Buffer.from(id as Uint8Array).toString('hex'));
    const mine = annotations.find((r) => r.json().data[0].span_id === hex(spans[3].spanId))!;
    expect(phoenix.requests.indexOf(mine)).toBeGreaterThan(phoenix.requests.indexOf(traces[1]));
    expect(mine.headers.authorization).toBe('Bearer tok');
    const { data } = mine.json();
    expect(data.map((a: { span_id: string }) => a.span_id)).toEqual([hex(spans[3].spanId), hex(spans[4].spanId)]);
    expect(data[0]).toMatchObject({ name: 'keywords', annotator_kind: 'CODE', result: { score: 1, label: 'pass' }, identifier: result.metrics.run_id, metadata: { run_id: result.metrics.run_id, status: 'ok' } });

    const json = await startRecordingServer(() => ({ body: {} }));
    servers.push(json);
    await run(cwd, ['phoenix'], { PHOENIX_ENDPOINT: `${json.url}/v1/traces`, PHOENIX_OTLP_ENCODING: 'json' }, { name: 'tracked-json' });
    expect(json.requests[0].json()).toEqual({ resourceSpans: [] });
    expect(json.requests[1].json().resourceSpans[0].scopeSpans[0].spans).toHaveLength(5);
    expect(json.requests.filter((r) => r.url === '/v1/span_annotations?sync=false')).toHaveLength(3);
  });

  it('langfuse: dataset, items, one ingestion batch per item with JSON score comments, and dataset run items', async () => {
    const langfuse = await startRecordingServer((req) => {
      if (req.url === '/api/public/ingestion') return { status: 207, body: { successes: req.json().batch.map((e: { id: string }) => ({ id: e.id, status: 201 })), errors: [] } };
      return { body: {} };
    });
    servers.push(langfuse);
    const cwd = makeWorkspace({ count: 2 });
    const env = { LANGFUSE_HOST: langfuse.url, LANGFUSE_PUBLIC_KEY: 'pk-lf-1', LANGFUSE_SECRET_KEY: 'sk-lf-1' };
    const result = await run(cwd, ['langfuse'], env);
    expect(result.trackerErrors).toEqual([]);
    expect(langfuse.requests[0]).toMatchObject({ method: 'GET', url: '/api/public/projects' });
    expect(langfuse.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('pk-lf-1:sk-lf-1').toString('base64')}`);
    expect(langfuse.requests[1].url).toBe('/api/public/v2/datasets');
    expect(langfuse.requests[1].json().name).toBe('qa');
    const items = langfuse.requests.filter((r) => r.url === '/api/public/dataset-items').map((r) => r.json());
    expect(items.map((i) => i.metadata.tracehub_item_id).sort()).toEqual(['case_000', 'case_001']);
    const batches = langfuse.requests.filter((r) => r.url === '/api/public/ingestion').map((r) => r.json().batch);
    expect(batches).toHaveLength(2);
    const types = batches[0].map((e: { type: string }) => e.type);
    expect(types[0]).toBe('trace-create');
    expect(types).toEqual(expect.arrayContaining(['span-create', 'generation-create', 'score-create']));
    const score = batches[0].find((e: { type: string }) => e.type === 'score-create').body;
    expect(scoreCommentSchema.parse(JSON.parse(score.comment))).toBeTruthy();
    const runItems = langfuse.requests.filter((r) => r.url === '/api/public/dataset-run-items').map((r) => r.json());
    expect(runItems).toHaveLength(2);
    expect(runItems[0]).toMatchObject({ runName: 'tracked', metadata: { run_id: result.metrics.run_id } });
    expect(result.records.map((r) => r.trace_id)).toContain(runItems[0].traceId);
  });
});
