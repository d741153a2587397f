/**
 * Issue 14 item 5 with the built CLI: seed 004's rule "every run is logged to MLflow and Phoenix; a run
 * missing either fails" stated once (tracehub.eval.yaml `required_trackers`, or
 * TRACEHUB_REQUIRED_TRACKERS) fails a run without them before any model call; with both reachable the
 * run proceeds and both receive it (with the model_version). `--overwrite` keeps the old results when a
 * check fails.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';
import { startRecordingServer, type RecordingServer } from '../../evals/src/testing/recording-server.js';
import { makeWorkspace } from '../../evals/src/testing/test-runs.js';
import { oneLineError, runCli } from './cli-harness.js';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('experiment run: required trackers', () => {
  let fake: FakeOpenAi;
  let mlflow: RecordingServer;
  let phoenix: RecordingServer;
  beforeAll(async () => {
    fake = await startFakeOpenAi(() => 'PASS');
    mlflow = await startRecordingServer((req) => {
      if (req.url.startsWith('/api/2.0/mlflow/experiments/get-by-name')) return { body: { experiment: { experiment_id: '7' } } };
      if (req.url === '/api/2.0/mlflow/runs/create') return { body: { run: { info: { run_id: 'mlrun1', experiment_id: '7', artifact_uri: 'mlflow-artifacts:/7/mlrun1/artifacts' } } } };
      return { body: {} };
    });
    phoenix = await startRecordingServer(() => ({ body: {} }));
  });
  afterAll(async () => {
    await Promise.all([fake.close(), mlflow.close(), phoenix.close()]);
  });

  const env = () => ({ MLFLOW_TRACKING_URI: mlflow.url, PHOENIX_ENDPOINT: `${phoenix.url}/v1/traces`, TRACEHUB_TRACKERS: '' });
  function workspace(extra = ''): string {
    const cwd = makeWorkspace({ count: 3 });
    fs.writeFileSync(
      path.join(cwd, 'tracehub.eval.yaml'),
      `name: req\ndataset: {name: qa, source: local}\nprompts: [qa]\nmodels: [{provider: openai, model: fake-model, base_url: "${fake.url}", model_version: "2026-11"}]\nevaluators: [keywords]\nrequired_trackers: mlflow+phoenix\n${extra}`,
    );
    return cwd;
  }

  it('a run whose trackers lack a required one fails in one line before any model or tracker call, writing nothing', async () => {
    const cwd = workspace();
    const before = { model: fake.chatRequests.length, mlflow: mlflow.requests.length, phoenix: phoenix.requests.length };
    const run = await runCli(['experiment', 'run', '-c', 'tracehub.eval.yaml', '--tracker', 'mlflow'], cwd, env());
    expect(oneLineError(run)).toBe(
      "error: This run's trackers (mlflow) lack phoenix (required by required_trackers); run with --tracker mlflow+phoenix. No model was called.",
    );
    // Also stated by the environment, for flag-driven runs.
    const flagged = await runCli(['experiment', 'run', '-d', 'qa', '-p', 'qa', '--base-url', fake.url, '--tracker', 'tracehub'], cwd, { ...env(), TRACEHUB_REQUIRED_TRACKERS: 'mlflow,phoenix' });
    expect(oneLineError(flagged)).toMatch(/lack mlflow \(required by TRACEHUB_REQUIRED_TRACKERS\), phoenix \(required by TRACEHUB_REQUIRED_TRACKERS\)/);
    expect({ model: fake.chatRequests.length, mlflow: mlflow.requests.length, phoenix: phoenix.requests.length }).toEqual(before);
    expect(fs.existsSync(path.join(cwd, 'results'))).toBe(false);
  });

  it('a required tracker that is unreachable fails the run before any model call', async () => {
    const cwd = workspace();
    const before = fake.chatRequests.length;
    const run = await runCli(['experiment', 'run', '-c', 'tracehub.eval.yaml'], cwd, { ...env(), PHOENIX_ENDPOINT: `http://127.0.0.1:${await closedPort()}/v1/traces` });
    expect(oneLineError(run)).toMatch(/^error: Tracker check failed, no model was called: phoenix: .*not reachable/);
    expect(fake.chatRequests.length).toBe(before);
    expect(fs.existsSync(path.join(cwd, 'results', 'req'))).toBe(false);
  });

  it('with both present (the default once required) the run proceeds and both receive it, with model_version', async () => {
    const cwd = workspace();
    const before = { model: fake.chatRequests.length, mlflow: mlflow.requests.length, phoenix: phoenix.requests.length };
    const run = await runCli(['experiment', 'run', '-c', 'tracehub.eval.yaml'], cwd, env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fake.chatRequests.length - before.model).toBe(3);
    const ml = mlflow.requests.slice(before.mlflow);
    expect(ml.some((r) => r.url === '/api/2.0/mlflow/runs/create')).toBe(true);
    const batch = ml.find((r) => r.url === '/api/2.0/mlflow/runs/log-batch')!.json();
    expect(batch.params).toContainEqual({ key: 'model_version', value: '2026-11' });
    // Phoenix: the check's empty export, then per item its trace and its scores as span annotations.
    const ph = phoenix.requests.slice(before.phoenix).map((r) => r.url);
    expect(ph.filter((u) => u === '/v1/traces')).toHaveLength(4);
    expect(ph.filter((u) => u === '/v1/span_annotations?sync=false')).toHaveLength(3);
    const modelConfig = JSON.parse(fs.readFileSync(path.join(cwd, 'results', 'req', 'config', 'model_config.json'), 'utf8'));
    expect(modelConfig.model_version).toBe('2026-11');
  });

  it('--overwrite keeps the old results when a pre-flight check or a tracker check fails', async () => {
    const cwd = makeWorkspace({ count: 3 });
    const args = ['experiment', 'run', '-d', 'qa', '-p', 'qa', '--base-url', fake.url, '-e', 'keywords', '--name', 'keep'];
    const first = await runCli([...args, '--tracker', 'none'], cwd);
    expect(first.code).toBe(0);
    const items = path.join(cwd, 'results', 'keep', 'items.jsonl');
    const old = fs.readFileSync(items, 'utf8');
    const bad = await runCli([...args, '--tracker', 'none', '--overwrite', '--threshold', 'nosuch=0.5'], cwd);
    expect(oneLineError(bad)).toMatch(/--threshold names "nosuch"/);
    expect(fs.readFileSync(items, 'utf8')).toBe(old);
    const unreachable = await runCli([...args, '--tracker', 'mlflow', '--overwrite'], cwd, { MLFLOW_TRACKING_URI: `http://127.0.0.1:${await closedPort()}` });
    expect(oneLineError(unreachable)).toMatch(/Tracker check failed, no model was called: mlflow/);
    expect(fs.readFileSync(items, 'utf8')).toBe(old);
    // A good overwrite still replaces it.
    const again = await runCli([...args, '--tracker', 'none', '--overwrite', '--model-version', 'v9'], cwd);
    expect(again.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'results', 'keep', 'config', 'model_config.json'), 'utf8')).model_version).toBe('v9');
  });
});
