import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mean, quantile } from 'simple-statistics';
import { startFakeOpenAi, type FakeChatAnswer, type FakeOpenAi } from '../testing/fake-openai-server.js';
import { makeWorkspace, testSpec } from '../testing/test-runs.js';
import { prepareRun, type PrepareOptions } from './prepare-run.js';
import { runExperiment } from './run-experiment.js';
import { readItemsLog } from './items-log.js';
import { resultsPaths } from './results-layout.js';
import { verifyManifest } from '../report/manifest.js';
import { cacheKey } from '../model/response-cache.js';

const word = (messages: Array<{ content: string }>) => /word-(\d+)/.exec(messages[0].content)?.[1];

describe('runExperiment', () => {
  let fake: FakeOpenAi;
  const behaviour = new Map<string, string>();
  beforeAll(async () => {
    fake = await startFakeOpenAi((request): FakeChatAnswer => {
      const n = word(request.messages) ?? '?';
      const rule = behaviour.get(n);
      if (rule === '429-once' && !request.messages[0].content.includes('retried') && fake.chatRequests.filter((r) => word(r.messages) === n).length === 1) {
        return { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'slow down' } } };
      }
      if (rule === '500') return { status: 500, headers: { 'retry-after-ms': '1' }, body: { error: { message: 'boom' } } };
      return Number(n) % 3 === 0 ? `FAIL for ${n}` : `PASS for ${n}`;
    });
  });
  afterAll(() => fake.close());
  const options = (cwd: string, extra: Partial<PrepareOptions> = {}): PrepareOptions => ({ cwd, env: {}, traceHub: { host: 'http://127.0.0.1:1', apiKey: 'x' }, trackers: [], ...extra });

  it('runs every item, retries 429 honouring Retry-After, records 5xx as item errors, and writes metrics with simple-statistics', async () => {
    const cwd = makeWorkspace({ count: 12, split: true });
    behaviour.clear();
    behaviour.set('1', '429-once');
    behaviour.set('2', '500');
    const before = fake.chatRequests.length;
    const result = await runExperiment(await prepareRun(testSpec({ baseUrl: fake.url, name: 'basic' }), options(cwd)));
    expect(result.status).toBe('completed');
    expect(result.records).toHaveLength(12);
    const byId = new Map(result.records.map((r) => [r.item_id, r]));
    expect(byId.get('case_001')).toMatchObject({ status: 'ok', passed: true, output: 'PASS for 1' });
    expect(fake.chatRequests.slice(before).filter((r) => word(r.messages) === '1')).toHaveLength(2);
    expect(byId.get('case_002')).toMatchObject({ status: 'error', passed: false, score: 0 });
    expect(byId.get('case_002')!.error).toMatch(/The model call failed: 500/);
    expect(byId.get('case_003')).toMatchObject({ status: 'ok', passed: false });
    expect(byId.get('case_004')!.scores.keywords.comment.passed_items).toEqual(['PASS']);
    const m = result.metrics;
    expect(m.axes).toEqual(['keywords', 'forbidden']);
    const scores = result.records.map((r) => r.score ?? 0);
    expect(m.aggregations.mean).toBeCloseTo(mean(scores), 6);
    expect(m.aggregations.p90).toBeCloseTo(quantile(scores, 0.9), 6);
    expect(Object.keys(m.by_group.dataset_split).sort()).toEqual(['test', 'train']);
    expect(m.counts).toEqual({ items: 12, passed: 7, failed: 5, errors: 1 });
    expect(verifyManifest(result.dir, result.manifest)).toEqual([]);
    expect(result.manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining([
      'config/model_config.json', 'config/run_config.json', 'dataset/expected.json', 'dataset/test_cases.json', 'items.jsonl',
      'metrics.csv', 'metrics.json', 'prompts/prompt_snapshot.json', 'report.md', 'reports/report.xlsx', 'reports/report.html',
      'analysis/analysis.json', 'analysis/analysis.md',
    ]));
    const report = fs.readFileSync(resultsPaths(result.dir).report, 'utf8');
    expect(report).toContain('## Failed cases (5)');
    expect(report).toContain('The model call failed');
  });

  it('repetitions make one record per item and repetition', async () => {
    const cwd = makeWorkspace({ count: 3 });
    behaviour.clear();
    const result = await runExperiment(await prepareRun(testSpec({ baseUrl: fake.url, name: 'reps', repetitions: 2 }), options(cwd)));
    expect(result.records.map((r) => r.key)).toEqual(['case_000#1', 'case_000#2', 'case_001#1', 'case_001#2', 'case_002#1', 'case_002#2']);
  });

  it('the response cache answers repeated calls from disk, keyed by provider, model, parameters and messages', async () => {
    const cwd = makeWorkspace({ count: 5 });
    behaviour.clear();
    const spec = testSpec({ baseUrl: fake.url, name: 'cache-1', cache: { enabled: true, dir: null } });
    const start = fake.chatRequests.length;
    await runExperiment(await prepareRun(spec, options(cwd)));
    expect(fake.chatRequests.length - start).toBe(5);
    const second = await runExperiment(await prepareRun({ ...spec, name: 'cache-2' }, options(cwd)));
    expect(fake.chatRequests.length - start).toBe(5);
    expect(second.records.every((r) => r.cached)).toBe(true);
    const key = cacheKey(`openai-compatible:${fake.url}`, { model: 'fake-model', parameters: { temperature: 0 }, messages: [{ role: 'user', content: 'Say PASS for word-0.' }] });
    expect(fs.existsSync(path.join(cwd, '.tracehub-cache', key.slice(0, 2), `${key}.json`))).toBe(true);
    await runExperiment(await prepareRun({ ...spec, name: 'cache-3', cache: { enabled: false, dir: null } }, options(cwd)));
    expect(fake.chatRequests.length - start).toBe(10);
  });

  it('resume calls the model only for unfinished items; --retry-errors re-runs errored ones', async () => {
    const cwd = makeWorkspace({ count: 10 });
    behaviour.clear();
    behaviour.set('4', '500');
    const spec = testSpec({ baseUrl: fake.url, name: 'resume', concurrency: 1 });
    const controller = new AbortController();
    const first = await runExperiment(
      await prepareRun(spec, options(cwd, { signal: controller.signal, onProgress: (p) => p.done - p.skipped >= 6 && controller.abort() })),
    );
    expect(first.status).toBe('interrupted');
    const done = readItemsLog(resultsPaths(first.dir).items);
    expect(done.size).toBe(6);
    const start = fake.chatRequests.length;
    const second = await runExperiment(await prepareRun(spec, options(cwd, { resumeDir: first.dir })));
    const asked = fake.chatRequests.slice(start).map((r) => `case_${word(r.messages)!.padStart(3, '0')}`).sort();
    expect(asked).toEqual(['case_006', 'case_007', 'case_008', 'case_009']);
    expect(second.status).toBe('completed');
    expect(second.records).toHaveLength(10);
    expect(second.records.find((r) => r.item_id === 'case_004')!.status).toBe('error');
    behaviour.clear();
    const start2 = fake.chatRequests.length;
    const third = await runExperiment(await prepareRun(spec, options(cwd, { resumeDir: first.dir, retryErrors: true })));
    expect(fake.chatRequests.slice(start2).map((r) => word(r.messages))).toEqual(['4']);
    expect(third.records.find((r) => r.item_id === 'case_004')!.status).toBe('ok');
    expect(verifyManifest(third.dir, third.manifest)).toEqual([]);
  });

  it('refuses to overwrite an earlier run unless asked', async () => {
    const cwd = makeWorkspace({ count: 2 });
    await runExperiment(await prepareRun(testSpec({ name: 'twice' }), options(cwd)));
    await expect(prepareRun(testSpec({ name: 'twice' }), options(cwd))).rejects.toThrow(/already exists; continue it with --resume twice/);
    const again = await runExperiment(await prepareRun(testSpec({ name: 'twice' }), options(cwd, { overwrite: true })));
    expect(again.records).toHaveLength(2);
  });
});
