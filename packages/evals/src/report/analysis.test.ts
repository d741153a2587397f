import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../testing/fake-openai-server.js';
import { makeWorkspace, testSpec } from '../testing/test-runs.js';
import { prepareRun } from '../runner/prepare-run.js';
import { runExperiment, type RunResult } from '../runner/run-experiment.js';
import { resultsPaths } from '../runner/results-layout.js';
import { readJson } from './json-files.js';
import type { AnalysisJson } from './analysis.js';

/** Item i's answer: keywords wants PASS, forbidden refuses FORBIDDEN; item 1 also echoes a script tag. */
const ANSWERS = ['PASS', 'PASS FORBIDDEN <script>alert(1)</script>', 'nothing', 'PASS', 'FORBIDDEN', 'PASS'];

describe('analysis/ and reports/report.html of a finished run', () => {
  let fake: FakeOpenAi;
  let result: RunResult;
  let analysis: AnalysisJson;
  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => ANSWERS[Number(/word-(\d+)/.exec(request.messages[0].content)?.[1])]);
    const cwd = makeWorkspace({ count: ANSWERS.length, split: true });
    const spec = testSpec({ baseUrl: fake.url, name: 'analysed', report_lang: 'ko' });
    result = await runExperiment(await prepareRun(spec, { cwd, env: {}, traceHub: { host: 'http://127.0.0.1:1', apiKey: 'x' }, trackers: [] }));
    analysis = readJson<AnalysisJson>(resultsPaths(result.dir).analysis);
  });
  afterAll(() => fake.close());

  it('analysis.json: every failed case with each evaluator verdict and reasoning, from the run records', () => {
    expect(analysis.run_id).toBe(result.metrics.run_id);
    expect(analysis.counts).toEqual({ items: 6, passed: 3, failed: 3, errors: 0 });
    expect(analysis.failed_cases.map((f) => [f.key, f.failed_evaluators])).toEqual([
      ['case_001', ['forbidden']],
      ['case_002', ['keywords']],
      ['case_004', ['keywords', 'forbidden']],
    ]);
    const first = analysis.failed_cases[0];
    expect(first.output).toBe(ANSWERS[1]);
    expect(first.metadata).toEqual({ dataset_split: 'test', description: 'case 1' });
    expect(first.verdicts).toEqual([
      expect.objectContaining({ evaluator: 'keywords', status: 'ok', passed: true, score: 1 }),
      expect.objectContaining({ evaluator: 'forbidden', status: 'ok', passed: false, score: 0, failed_items: ['포함됨: FORBIDDEN'] }),
    ]);
    expect(first.verdicts[1].reasoning).toMatch(/FORBIDDEN/);
  });

  it('analysis.json: per-evaluator and per-group breakdowns, worst items and evaluator disagreement', () => {
    expect(analysis.evaluators.map((e) => [e.name, e.passed, e.failed, e.pass_rate, e.most_failed])).toEqual([
      ['keywords', 4, 2, 0.666667, [{ item: 'PASS', count: 2 }]],
      ['forbidden', 4, 2, 0.666667, [{ item: '포함됨: FORBIDDEN', count: 2 }]],
    ]);
    expect(analysis.groups).toEqual([
      { field: 'dataset_split', value: 'test', items: 3, passed: 2, failed: 1, errors: 0, pass_rate: 0.666667, mean_score: 0.833333, evaluator_pass_rates: { keywords: 1, forbidden: 0.666667 } },
      { field: 'dataset_split', value: 'train', items: 3, passed: 1, failed: 2, errors: 0, pass_rate: 0.333333, mean_score: 0.5, evaluator_pass_rates: { keywords: 0.333333, forbidden: 0.666667 } },
    ]);
    expect(analysis.worst_items.map((w) => [w.key, w.score, w.failed_evaluators])).toEqual([['case_004', 0, ['keywords', 'forbidden']], ['case_001', 0.5, ['forbidden']], ['case_002', 0.5, ['keywords']]]);
    expect(analysis.disagreement.pairs).toEqual([
      { evaluators: ['keywords', 'forbidden'], compared: 6, agree: 4, first_only_passed: 1, second_only_passed: 1, agreement_rate: 0.666667 },
    ]);
    expect(analysis.disagreement.items).toEqual([
      { key: 'case_001', item_id: 'case_001', passed_by: ['keywords'], failed_by: ['forbidden'] },
      { key: 'case_002', item_id: 'case_002', passed_by: ['forbidden'], failed_by: ['keywords'] },
    ]);
  });

  it('analysis.md: the same analysis in the report language, failed cases one by one with the reasoning', () => {
    const md = fs.readFileSync(resultsPaths(result.dir).analysisMd, 'utf8');
    expect(md).toMatch(/^# 분석: analysed\n/);
    for (const heading of ['## 평가자', '## 그룹별 분석', '## 점수가 가장 낮은 케이스', '## 평가자 간 불일치', '### 평가자 판정이 엇갈린 케이스 (2)', '## 실패 케이스 (3)', '### case_004']) {
      expect(md).toContain(`${heading}\n`);
    }
    expect(md).toContain('| keywords / forbidden | 6 | 66.7% | 1 | 1 |');
    expect(md).toContain('| 키 | 통과 판정 | 실패 판정 |\n| --- | --- | --- |\n| case_001 | keywords | forbidden |\n');
    expect(md).toContain('PASS (2)');
    expect(md).toContain(analysis.failed_cases[0].verdicts[1].reasoning);
  });

  it('reports/report.html: report.md as one self-contained page; the model output with <script> stays text', () => {
    const html = fs.readFileSync(resultsPaths(result.dir).reportHtml, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('<title>analysed</title>');
    expect(html).toContain('<h1>실험 리포트: analysed</h1>');
    expect(html).toContain('@media print');
    expect(html).toContain('PASS FORBIDDEN &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(result.manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['analysis/analysis.json', 'analysis/analysis.md', 'reports/report.html', 'reports/report.xlsx']),
    );
  });
});
