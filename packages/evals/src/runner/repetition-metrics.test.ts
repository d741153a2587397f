import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../testing/fake-openai-server.js';
import { makeWorkspace, testSpec } from '../testing/test-runs.js';
import { renderReportMarkdown } from '../report/report-markdown.js';
import { prepareRun, type PrepareOptions } from './prepare-run.js';
import { runExperiment } from './run-experiment.js';
import { readItemsLog } from './items-log.js';
import { resultsPaths } from './results-layout.js';
import { checkPassAtK, parsePassAtK } from './repetition-metrics.js';
import { resumedSpec } from './run-spec.js';

const word = (messages: Array<{ content: string }>) => /word-(\d+)/.exec(messages[0].content)?.[1] ?? '?';

/**
 * The n-th answer (1-based, per word) of a flaky model: word 0 passes on odd calls (P F P), word 1
 * fails its third call (P P F), words 2 and 3 always pass, word 4 never does.
 */
function answer(w: string, n: number): string {
  const pass = w === '0' ? n % 2 === 1 : w === '1' ? n !== 3 : w !== '4';
  return `${pass ? 'PASS' : 'FAIL'} for ${w}`;
}

describe('repetitions: pass@k and flakiness', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => {
      const w = word(request.messages);
      return answer(w, fake.chatRequests.filter((r) => word(r.messages) === w).length);
    });
  });
  afterAll(() => fake.close());
  const options = (cwd: string, extra: Partial<PrepareOptions> = {}): PrepareOptions => ({ cwd, env: {}, traceHub: { host: 'http://127.0.0.1:1', apiKey: 'x' }, trackers: [], ...extra });

  it('keeps every repetition in items.jsonl, survives --resume, and writes pass@k and flakiness to metrics.json and report.md', async () => {
    const cwd = makeWorkspace({ count: 5 });
    const spec = testSpec({ baseUrl: fake.url, name: 'flaky', repetitions: 3, concurrency: 1 });
    const controller = new AbortController();
    const first = await runExperiment(await prepareRun(spec, options(cwd, { signal: controller.signal, onProgress: (p) => p.done >= 7 && controller.abort() })));
    expect(first.status).toBe('interrupted');
    expect([...readItemsLog(resultsPaths(first.dir).items).keys()]).toHaveLength(7);

    const start = fake.chatRequests.length;
    const resumed = resumedSpec(spec, { ...spec, pass_at_k: [1, 2, 3] });
    const prepared = await prepareRun(resumed, options(cwd, { resumeDir: first.dir }));
    const second = await runExperiment(prepared);
    // Only the 8 missing repetitions call the model.
    expect(fake.chatRequests.length - start).toBe(8);
    expect(second.status).toBe('completed');
    const records = [...readItemsLog(resultsPaths(second.dir).items).values()];
    expect(records.map((r) => r.key)).toHaveLength(15);
    expect(records.filter((r) => r.item_id === 'case_000').map((r) => [r.key, r.repetition, r.passed, r.scores.keywords.passed])).toEqual([
      ['case_000#1', 1, true, true], ['case_000#2', 2, false, false], ['case_000#3', 3, true, true],
    ]);

    const metrics = JSON.parse(fs.readFileSync(resultsPaths(second.dir).metrics, 'utf8'));
    // Seed 004's keys stay.
    expect(Object.keys(metrics).slice(0, 4)).toEqual(['axes', 'scores', 'aggregations', 'by_group']);
    // Per item pass shares 2/3, 2/3, 1, 1, 0.
    expect(metrics.pass_at_k).toEqual({ '1': 0.666667, '2': 0.8, '3': 0.8 });
    expect(metrics.pass_at_k_by_axis.keywords).toEqual(metrics.pass_at_k);
    expect(metrics.pass_at_k_by_axis.forbidden).toEqual({ '1': 1, '2': 1, '3': 1 });
    expect(metrics.flakiness).toMatchObject({ items: 5, outcomes_per_item: 3, flaky_items: 2, flaky_rate: 0.4, mean_flip_rate: 0.3 });
    expect(metrics.flakiness.flakiest).toEqual([
      { item_id: 'case_000', n: 3, passed: 2, flips: 2, flip_rate: 1, outcomes: 'PFP' },
      { item_id: 'case_001', n: 3, passed: 2, flips: 1, flip_rate: 0.5, outcomes: 'PPF' },
    ]);

    const report = fs.readFileSync(resultsPaths(second.dir).report, 'utf8');
    expect(report).toContain('## Repetitions and flakiness');
    expect(report).toContain('| k | pass@k | keywords | forbidden |');
    expect(report).toContain('| 1 | 0.667 | 0.667 | 1 |');
    expect(report).toContain('flaky items: 2 / 5 (40.0%)');
    expect(report).toContain('| case_000 | PFP | 2 / 3 | 2 | 1 |');
    const ko = renderReportMarkdown(prepared.description, second.metrics, second.records, 'ko');
    expect(ko).toContain('## 반복 실행과 불안정성 (flakiness)');
    expect(ko).toContain('불안정한 케이스: 2 / 5 (40.0%)');
    expect(ko).not.toContain('Flakiest items');
  });

  it('a single run has none of the keys; k values are checked', async () => {
    const cwd = makeWorkspace({ count: 2 });
    const single = await runExperiment(await prepareRun(testSpec({ name: 'once' }), options(cwd)));
    expect(single.metrics).not.toHaveProperty('pass_at_k');
    expect(fs.readFileSync(resultsPaths(single.dir).report, 'utf8')).not.toContain('Repetitions and flakiness');
    expect(parsePassAtK(' 5,1,5 ')).toEqual([1, 5]);
    expect(() => parsePassAtK('1,x')).toThrow(/whole numbers of 1 or more/);
    expect(() => parsePassAtK('0')).toThrow(/whole numbers/);
    expect(() => checkPassAtK([1, 10], 3)).toThrow('pass@10 needs at least 10 repetitions of every item; the run has 3 (raise --repetitions or lower k).');
  });
});
