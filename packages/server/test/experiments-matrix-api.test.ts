/** `GET /api/v1/experiments/matrix` on both backends: several runs as a prompts × models matrix against a baseline, and a 4xx for every bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparisonMatrixSchema } from '@tracehub/core';
import type { RunningServer } from '../src/server.js';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import { call, startTestServer } from './helpers.js';

const comment = { passed_items: [], failed_items: [], reasoning: '', suggestions: [] };

function run(runId: string, prompt: string, model: string, dataset = 'qa') {
  return { run_id: runId, name: runId, status: 'completed', dataset_name: dataset, dataset_version: '1', model_name: model, prompt_name: 'qa', prompt_version: prompt };
}

/** 60 items (or `count`), `repetitions` each; `passed(i, repetition)` decides keywords. */
function items(passed: (i: number, repetition: number) => boolean, repetitions = 1, count = 60, evaluators = ['keywords']) {
  return Array.from({ length: count }, (_, i) =>
    Array.from({ length: repetitions }, (_, r) => {
      const ok = passed(i, r + 1);
      const scores = Object.fromEntries(evaluators.map((e) => [e, { score: ok ? 1 : 0, passed: ok, status: 'ok', comment, weight: 1, threshold: 1 }]));
      return {
        key: repetitions > 1 ? `case_${i}#${r + 1}` : `case_${i}`, item_id: `case_${i}`, repetition: r + 1, trace_id: null, status: 'ok', passed: ok, score: ok ? 1 : 0,
        scores, input: null, output: ok ? 'PASS' : 'no', expected: null, metadata: {}, latency_ms: 1, cost: 0, input_tokens: 1, output_tokens: 1,
      };
    }),
  ).flat();
}

for (const backend of BACKENDS) {
  describe(`experiments matrix API (${backend})`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startTestServer(backend);
      const store = (body: unknown) => call(server.app, 'POST', '/api/v1/experiments', body);
      // Prompt 1 and 2 × models a and b; v2-a has 3 repetitions with items 0–5 flaky (P F P).
      expect((await store({ run: run('v1-a', '1', 'gpt-a'), items: items((i) => i < 40) })).status).toBe(201);
      expect((await store({ run: run('v2-a', '2', 'gpt-a'), items: items((i, r) => i < 55 && !(i < 6 && r === 2), 3) })).status).toBe(201);
      expect((await store({ run: run('v1-b', '1', 'gpt-b'), items: items((i) => i < 41) })).status).toBe(201);
      expect((await store({ run: run('v2-b', '2', 'gpt-b'), items: items((i) => i < 15) })).status).toBe(201);
      expect((await store({ run: run('other', '9', 'gpt-c'), items: items(() => true, 1, 10, ['tone']) })).status).toBe(201);
    });
    afterAll(async () => {
      await server.close();
    });

    it('answers the matrix with the best marked, significance against the baseline, and pass@k of repeated items', async () => {
      const res = await call(server.app, 'GET', '/api/v1/experiments/matrix?runs=v1-a,v1-b,v2-b&baseline=v1-b&resamples=500');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const m = comparisonMatrixSchema.parse(res.body);
      expect(m).toMatchObject({ baseline: { run_id: 'v1-b' }, rows: ['qa:1', 'qa:2'], columns: ['gpt-a', 'gpt-b'], shared: { items: 60, evaluators: ['keywords'] }, notes: [], resamples: 500 });
      const cell = (id: string) => m.cells.find((c) => c.run_id === id)!;
      expect(cell('v1-b')).toMatchObject({ baseline: true, vs_baseline: null, best: ['score', 'pass_rate', 'keywords'] });
      expect(cell('v2-b')).toMatchObject({ verdict: 'worse', values: { pass_rate: 0.25 }, vs_baseline: { pass_rate: { significant: true, direction: 'worse' } } });
      expect(cell('v1-a').vs_baseline!.pass_rate).toMatchObject({ significant: false, p_value: 1 });

      // A run with repetitions (here twice, as two runs of one prompt × model): 6 outcomes per item, items 0–5 pass 4 of them.
      const reps = comparisonMatrixSchema.parse((await call(server.app, 'GET', '/api/v1/experiments/matrix?runs=v2-a,v2-a&pass_at_k=1,2')).body);
      expect(reps.stability).toHaveLength(1);
      expect(reps.stability[0]).toMatchObject({ prompt: 'qa:2', model: 'gpt-a', runs: ['v2-a', 'v2-a'] });
      expect(reps.stability[0].pass_at_k['2']).toBeCloseTo((6 * (1 - 1 / 15) + 49) / 60, 6);
      expect(reps.stability[0].flakiness).toMatchObject({ items: 60, outcomes_per_item: 6, flaky_items: 6 });
    });

    it('says what the runs do not share', async () => {
      const subset = call(server.app, 'POST', '/api/v1/experiments', { run: run('fewer', '3', 'gpt-a', 'qa'), items: items((i) => i < 20, 1, 30, ['keywords', 'forbidden']) });
      expect((await subset).status).toBe(201);
      const m = comparisonMatrixSchema.parse((await call(server.app, 'GET', '/api/v1/experiments/matrix?runs=v1-a,v1-b,fewer')).body);
      expect(m.shared).toEqual({ items: 30, evaluators: ['keywords'] });
      expect(m.notes).toEqual([
        'evaluators differ: forbidden missing from v1-a, v1-b; compared on keywords only',
        '30 items are not in every run (fewer lacks 30 (case_30, case_31, case_32, case_33, case_34, …)); compared on the 30 items all runs share',
      ]);
    });

    it('is in the OpenAPI document with its query parameters', async () => {
      const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, { get: { parameters: Array<{ name: string }> } }> };
      expect(doc.paths['/api/v1/experiments/matrix'].get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['runs', 'baseline', 'pass_at_k', 'resamples']));
    });

    it('answers 4xx for bad input, never 5xx', async () => {
      const twelve = Array.from({ length: 13 }, (_, i) => `r${i}`).join(',');
      const cases: Array<[string, number, RegExp]> = [
        ['/api/v1/experiments/matrix', 400, /runs/],
        ['/api/v1/experiments/matrix?runs=v1-a', 400, /at least two/],
        [`/api/v1/experiments/matrix?runs=${twelve}`, 400, /at most 12/],
        ['/api/v1/experiments/matrix?runs=v1-a,v1-b&baseline=v2-b', 400, /none of the runs/],
        ['/api/v1/experiments/matrix?runs=v1-a,v1-b&pass_at_k=0', 400, /pass_at_k/],
        ['/api/v1/experiments/matrix?runs=v1-a,v1-b&alpha=2', 400, /alpha/],
        ['/api/v1/experiments/matrix?runs=v1-a,b%20ad', 400, /runs/],
        ['/api/v1/experiments/matrix?runs=v1-a,missing', 404, /missing/],
        ['/api/v1/experiments/matrix?runs=v1-a,other', 400, /share no (items|evaluator)/],
      ];
      for (const [url, status, message] of cases) {
        const res = await call(server.app, 'GET', url);
        expect([url, res.status]).toEqual([url, status]);
        expect(JSON.stringify(res.body)).toMatch(message);
      }
    });
  });
}
