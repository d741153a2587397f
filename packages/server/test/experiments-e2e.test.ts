/**
 * Acceptance of `tracehub experiment run` end to end: the built CLI against a fake OpenAI-compatible
 * server and a real Trace Hub server, over examples/prompt-eval — every result file with correct
 * sha256 values, a trace per item, JSON score comments — and kill + resume.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentDetailSchema, scoreCommentSchema, traceDetailSchema } from '@tracehub/core';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';
import { makeWorkspace } from '../../evals/src/testing/test-runs.js';
import type { RunningServer } from '../src/server.js';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import { copyExample, runCli } from './cli-harness.js';
import { startTestServer } from './helpers.js';

const CLI = fileURLToPath(new URL('../../cli/bin/tracehub.js', import.meta.url));
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const JUDGE = JSON.stringify({ score: 4, reasoning: 'covers the company and the role', passed_items: ['JSON format'], failed_items: [], suggestions: ['name a concrete project'] });
const ANSWER = JSON.stringify({ competencies: ['대용량 트래픽 처리', '스프링 백엔드', '데이터베이스 설계'], questions: [{ question: '트래픽?', answer_tip: '수치' }], pitfalls: ['연봉 이야기'] });

function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')]));
}

for (const backend of BACKENDS) {
  describe(`experiment run end to end (${backend})`, () => {
    let server: RunningServer;
    let host: string;
    let fake: FakeOpenAi;
    beforeAll(async () => {
      server = await startTestServer(backend);
      host = await server.app.listen({ port: 0, host: '127.0.0.1' });
      fake = await startFakeOpenAi((request) => (request.messages[0].role === 'system' && request.messages[0].content.includes('strict evaluator') ? JUDGE : ANSWER));
    });
    afterAll(async () => {
      await fake.close();
      await server.close();
    });

    it('writes every result file with correct sha256 values, a trace per item, and JSON score comments', async () => {
      const cwd = copyExample();
      const run = await runCli(
        ['--host', host, 'experiment', 'run', '--dataset', 'prep_generate', '--prompt', 'prep_generate', '--model', 'gpt-4.1-mini', '--base-url', fake.url,
          '--evaluators', 'keywords,forbidden,reference,json_schema,llm_judge', '--judge-model', 'judge-model', '--name', 'e2e', '--tracker', 'tracehub', '--json'],
        cwd,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const dir = path.join(cwd, 'results', 'e2e');
      const files = walk(dir).sort();
      expect(files).toEqual([
        'analysis/analysis.json', 'analysis/analysis.md', 'config/model_config.json', 'config/run_config.json', 'dataset/dataset_snapshot.json',
        'dataset/expected.json', 'dataset/test_cases.json', 'items.jsonl', 'manifest.json', 'metrics.csv', 'metrics.json', 'prompts/prompt_snapshot.json',
        'report.md', 'reports/report.html', 'reports/report.xlsx',
      ]);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(files.filter((f) => f !== 'manifest.json'));
      for (const f of manifest.files) expect([f.path, f.sha256, f.bytes]).toEqual([f.path, sha256(path.join(dir, f.path)), fs.statSync(path.join(dir, f.path)).size]);
      expect(fs.readFileSync(path.join(dir, 'reports', 'report.xlsx')).subarray(0, 2).toString()).toBe('PK');
      expect(fs.readFileSync(path.join(dir, 'reports', 'report.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<h1>Experiment report: e2e<\/h1>/);
      const analysis = JSON.parse(fs.readFileSync(path.join(dir, 'analysis', 'analysis.json'), 'utf8'));
      expect(analysis).toMatchObject({ experiment_name: 'e2e', counts: { items: 4 } });
      expect(analysis.evaluators.map((e: { name: string }) => e.name)).toEqual(['keywords', 'forbidden', 'reference', 'json_schema', 'llm_judge']);
      expect(fs.readFileSync(path.join(dir, 'analysis', 'analysis.md'), 'utf8')).toContain('## Evaluator disagreement');

      const metrics = JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8'));
      expect(metrics.axes).toEqual(['keywords', 'forbidden', 'reference', 'json_schema', 'llm_judge']);
      expect(Object.keys(metrics.aggregations)).toEqual(['mean', 'median', 'p50', 'p90']);
      expect(metrics).toHaveProperty('by_group');
      expect(metrics.scores.llm_judge).toBe(0.75);
      const snapshot = JSON.parse(fs.readFileSync(path.join(dir, 'prompts', 'prompt_snapshot.json'), 'utf8'));
      expect(snapshot).toMatchObject({ name: 'prep_generate', type: 'text', template_format: 'fstring', source: 'local' });
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'config', 'model_config.json'), 'utf8'))).toMatchObject({ model: 'gpt-4.1-mini', base_url: fake.url, parameters: { temperature: 0.3, max_tokens: 1500 } });

      const records = fs.readFileSync(path.join(dir, 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(records.map((r) => r.item_id)).toEqual(['case_001', 'case_002', 'case_003', 'case_004']);
      const report = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
      expect(report).toContain('## Evaluators');
      for (const record of records) {
        expect(record.cost).toBeGreaterThan(0);
        expect(record.input_tokens).toBe(10);
        if (!record.passed) {
          expect(report).toContain(`### ${record.item_id}`);
          expect(report).toContain(`${host}/traces/${record.trace_id}`);
        }
        const trace = await fetch(`${host}/api/v1/traces/${record.trace_id}`, { headers: { 'x-api-key': 'dev-key' } });
        expect(trace.status).toBe(200);
        const detail = traceDetailSchema.parse(await trace.json());
        const names = JSON.stringify(detail.spans);
        for (const span of ['render prompt', 'generation', 'evaluator keywords', 'evaluator llm_judge', 'llm_judge call 1']) expect(names).toContain(span);
        expect(detail.evals).toHaveLength(5);
        for (const e of detail.evals) {
          expect(e.source).toBe('experiment');
          const parsed = typeof e.comment === 'string' ? JSON.parse(e.comment) : e.comment;
          expect(scoreCommentSchema.parse(parsed)).toEqual(parsed);
        }
        expect(detail.evals.find((e) => e.eval_name === 'llm_judge')).toMatchObject({ score: 0.75, passed: true, eval_model: 'judge-model' });
      }
      const stored = await fetch(`${host}/api/v1/experiments/${records[0].run_id}`, { headers: { 'x-api-key': 'dev-key' } });
      const experiment = experimentDetailSchema.parse(await stored.json());
      expect(experiment.experiment).toMatchObject({ name: 'e2e', status: 'completed', dataset_name: 'prep_generate', model_name: 'gpt-4.1-mini', item_count: 4, pipeline_version: 'tracehub-evals/0.1.0' });
      expect(experiment.experiment.prompt_version).toMatch(/^local-/);
      expect(experiment.items.map((i) => i.trace_id)).toEqual(records.map((r) => r.trace_id));
    });

    it('reads the dataset and the prompt (by label) from the server', async () => {
      const post = (url: string, body: unknown) =>
        fetch(`${host}/api/v1${url}`, { method: 'POST', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post('/prompts', { name: 'remote', prompt: 'Write about {topic}. JSON like {{"topic": "...", "score": 0}}', config: { model: 'gpt-4.1-mini', temperature: 0.2 }, labels: ['production'] })).status).toBe(201);
      expect((await post('/prompts', { name: 'remote', prompt: 'v2 {topic}', labels: ['staging'] })).status).toBe(201);
      const upload = await post('/datasets/remote/items', {
        items: [
          { id: 'a', input: { topic: '캐시' }, expected_output: { keywords: ['topic'], reference: { must_have_sections: ['topic', 'score'] } }, metadata: { dataset_split: 'train' } },
          { id: 'b', input: { topic: '인덱스' }, expected_output: { keywords: ['topic'] }, metadata: { dataset_split: 'test' } },
        ],
      });
      expect(upload.status).toBe(201);
      const cwd = copyExample();
      const run = await runCli(['--host', host, 'experiment', 'run', '-d', 'remote', '-p', 'remote', '--server', '--provider', 'offline', '-n', 'remote', '--json'], cwd);
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout);
      expect(result.metrics.counts.items).toBe(2);
      expect(Object.keys(result.metrics.by_group.dataset_split)).toEqual(['test', 'train']);
      const spec = JSON.parse(fs.readFileSync(path.join(cwd, 'results', 'remote', 'prompts', 'prompt_snapshot.json'), 'utf8'));
      expect(spec).toMatchObject({ name: 'remote', version: '1', label: 'production', source: 'server' });
      const stored = (await (await fetch(`${host}/api/v1/experiments/${result.metrics.run_id}`, { headers: { 'x-api-key': 'dev-key' } })).json()) as { experiment: unknown };
      expect(stored.experiment).toMatchObject({ dataset_name: 'remote', dataset_version: '1', prompt_name: 'remote', prompt_version: '1', model_name: 'gpt-4.1-mini', provider: 'offline' });
      const staged = await runCli(['--host', host, 'experiment', 'run', '-d', 'remote:1', '-p', 'remote@staging', '--provider', 'offline', '-m', 'demo', '-n', 'staged', '--tracker', 'none'], cwd);
      expect(staged.code).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(cwd, 'results', 'staged', 'prompts', 'prompt_snapshot.json'), 'utf8'))).toMatchObject({ version: '2', label: 'staging' });
      const missing = await runCli(['--host', host, 'experiment', 'run', '-d', 'nope', '-p', 'remote', '--provider', 'offline', '--tracker', 'none'], cwd);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^error: Trace Hub: .*nope.*\(404 on GET \/datasets\/nope\)\n$/);
    });
  });
}

describe('experiment run: kill and resume', () => {
  let fake: FakeOpenAi;
  let onRequest: (count: number) => void = () => undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => {
      onRequest(request.count);
      return { content: `PASS ${request.messages[0].content}`, delayMs: 60 };
    });
  });
  afterAll(() => fake.close());

  it('a run killed halfway calls the model, on --resume, only for the unfinished items', async () => {
    const cwd = makeWorkspace({ count: 20 });
    const args = ['experiment', 'run', '--dataset', 'qa', '--prompt', 'qa', '--base-url', fake.url, '--tracker', 'none', '--no-cache', '--concurrency', '2', '--name', 'killed'];
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const start = fake.chatRequests.length;
    onRequest = (count) => {
      if (count - start === 10) child.kill('SIGKILL');
    };
    await exited;
    onRequest = () => undefined;
    const items = fs.readFileSync(path.join(cwd, 'results', 'killed', 'items.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
    const finished = new Set(items.map((l) => JSON.parse(l).item_id as string));
    expect(finished.size).toBeGreaterThan(3);
    expect(finished.size).toBeLessThan(20);
    const before = fake.chatRequests.length;
    const resumed = await runCli(['experiment', 'run', '--resume', 'killed'], cwd);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const asked = fake.chatRequests.slice(before).map((r) => `case_${/word-(\d+)/.exec(r.messages[0].content)![1].padStart(3, '0')}`).sort();
    const unfinished = Array.from({ length: 20 }, (_, i) => `case_${String(i).padStart(3, '0')}`).filter((id) => !finished.has(id));
    expect(asked).toEqual(unfinished);
    const final = fs.readFileSync(path.join(cwd, 'results', 'killed', 'items.jsonl'), 'utf8').trim().split('\n');
    expect(final).toHaveLength(20);
    const manifest = JSON.parse(fs.readFileSync(path.join(cwd, 'results', 'killed', 'manifest.json'), 'utf8'));
    for (const f of manifest.files) expect(f.sha256).toBe(sha256(path.join(cwd, 'results', 'killed', f.path)));
  });
});
