/** The experiments API on both backends: store, list, read, compare, and a 4xx for every bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createExperimentResultSchema,
  experimentComparisonSchema,
  experimentDetailSchema,
  experimentListResponseSchema,
} from '@tracehub/core';
import type { RunningServer } from '../src/server.js';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import { call, startTestServer } from './helpers.js';

const comment = { passed_items: ['PASS'], failed_items: [], reasoning: 'found', suggestions: [] };

function run(runId: string, extra: Record<string, unknown> = {}) {
  return {
    run_id: runId, name: `exp ${runId}`, status: 'completed', dataset_name: 'qa', dataset_version: '1', model_name: 'gpt-4.1-mini',
    prompt_name: 'qa', prompt_version: '3', retrieval_version: 'r1', evaluation_profile: 'dev', git_commit: 'abc123', git_branch: 'main',
    pipeline_version: 'tracehub-evals/0.1.0', started_at: '2026-02-07T10:00:00Z', finished_at: '2026-02-07T10:05:00Z',
    summary: { items: 100 }, metrics: { axes: ['keywords'], scores: { keywords: 0.8 }, aggregations: { mean: 0.8, median: 1, p50: 1, p90: 1 }, by_group: {} },
    ...extra,
  };
}

function items(passed: (i: number) => boolean) {
  return Array.from({ length: 100 }, (_, i) => {
    const ok = passed(i);
    return {
      key: `case_${i}`, item_id: `case_${i}`, repetition: 1, trace_id: `trace-${i}`, status: 'ok', passed: ok, score: ok ? 1 : 0,
      scores: { keywords: { score: ok ? 1 : 0, passed: ok, status: 'ok', comment, weight: 1, threshold: 1 } },
      input: { word: `w${i}` }, output: ok ? 'PASS' : 'FAIL', expected: { keywords: ['PASS'] }, metadata: { dataset_split: i % 2 ? 'test' : 'train' },
      latency_ms: 12, cost: 0.0001, input_tokens: 10, output_tokens: 5,
    };
  });
}

for (const backend of BACKENDS) {
  describe(`experiments API (${backend})`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startTestServer(backend);
    });
    afterAll(async () => {
      await server.close();
    });

    it('stores a run with its link keys and items, in chunks, and reads it back', async () => {
      const first = await call(server.app, 'POST', '/api/v1/experiments', { run: run('run-a', { status: 'running' }), items: items((i) => i < 80).slice(0, 60) });
      expect(first.status).toBe(201);
      createExperimentResultSchema.parse(first.body);
      const second = await call(server.app, 'POST', '/api/v1/experiments', { run: run('run-a'), items: items((i) => i < 80).slice(60) });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ created: false, items_written: 40, experiment: { run_id: 'run-a', status: 'completed', item_count: 100 } });
      const detail = await call(server.app, 'GET', '/api/v1/experiments/run-a');
      expect(detail.status).toBe(200);
      const parsed = experimentDetailSchema.parse(detail.body);
      expect(parsed.experiment).toMatchObject({
        dataset_name: 'qa', dataset_version: '1', model_name: 'gpt-4.1-mini', prompt_version: '3', retrieval_version: 'r1', evaluation_profile: 'dev',
        git_commit: 'abc123', git_branch: 'main', pipeline_version: 'tracehub-evals/0.1.0', started_at: '2026-02-07T10:00:00.000000Z',
      });
      expect(parsed.items.map((i) => i.key).slice(0, 3)).toEqual(['case_0', 'case_1', 'case_2']);
      expect(parsed.items[0].scores.keywords.comment).toEqual(comment);
      expect(parsed.items[85]).toMatchObject({ passed: false, output: 'FAIL', metadata: { dataset_split: 'test' } });
    });

    it('lists runs and compares them: significant drop for 30 worse / 2 better, none for 1 of 100', async () => {
      await call(server.app, 'POST', '/api/v1/experiments', { run: run('run-b'), items: items((i) => (i < 30 ? false : i === 80 || i === 81 ? true : i < 80)) });
      await call(server.app, 'POST', '/api/v1/experiments', { run: run('run-c', { model_name: 'llama3.1' }), items: items((i) => i > 0 && i < 80) });
      const list = await call(server.app, 'GET', '/api/v1/experiments?page_size=2');
      expect(list.status).toBe(200);
      expect(experimentListResponseSchema.parse(list.body)).toMatchObject({ total: 3, page: 1, page_size: 2 });
      expect((await call(server.app, 'GET', '/api/v1/experiments?model_name=llama3.1')).body.items.map((r: { run_id: string }) => r.run_id)).toEqual(['run-c']);

      const worse = await call(server.app, 'GET', '/api/v1/experiments/compare?a=run-a&b=run-b');
      expect(worse.status).toBe(200);
      const c = experimentComparisonSchema.parse(worse.body);
      expect(c.verdict).toBe('worse');
      expect(c.metrics[0]).toMatchObject({ metric: 'score', significant: true, direction: 'worse' });
      expect(c.metrics[0].ci_high!).toBeLessThan(0);
      expect(c.pass_fail[0]).toMatchObject({ regressions: 30, improvements: 2, significant: true });
      expect(c.regressions[0].a_trace_id).toMatch(/^trace-/);
      const same = await call(server.app, 'GET', '/api/v1/experiments/compare?a=run-a&b=run-c&seed=7&resamples=500');
      expect(same.body).toMatchObject({ verdict: 'no_significant_difference', seed: 7, resamples: 500 });

      // What differs, in the words the CLI uses: run-d is over dataset v2, also has forbidden, and lacks 10 items.
      const withForbidden = items((i) => i < 80).slice(0, 90).map((item, i) => ({
        ...item, passed: item.passed && i >= 8, score: (item.score + (i < 8 ? 0 : 1)) / 2,
        scores: { ...item.scores, forbidden: { score: i < 8 ? 0 : 1, passed: i >= 8, status: 'ok', comment, weight: 1, threshold: 1 } },
      }));
      await call(server.app, 'POST', '/api/v1/experiments', { run: run('run-d', { dataset_version: '2', prompt_version: '4' }), items: withForbidden });
      const partial = experimentComparisonSchema.parse((await call(server.app, 'GET', '/api/v1/experiments/compare?a=run-d&b=run-a')).body);
      expect(partial).toMatchObject({ paired: 90, only_in_b: 10, differences: { evaluators: ['keywords'], evaluators_only_in_a: ['forbidden'], dataset: { differs: true }, prompt: { differs: true } } });
      expect(partial.differences.notes).toEqual([
        'evaluators differ (A exp run-d, B exp run-a): forbidden only in A; compared on keywords only',
        '10 items only in B exp run-a (case_90, case_91, case_92, case_93, case_94, …); not compared',
        'datasets differ: A qa:2, B qa:1',
        'prompts differ: A qa:4, B qa:3',
      ]);
      // Over keywords only, the 8 items forbidden failed in run-d count as passed (72 of 90 with it): the runs are the same.
      expect(partial.pass_fail[0]).toMatchObject({ a_pass_rate: 0.888889, regressions: 0, improvements: 0 });
    });

    it('answers 4xx, never 5xx, to bad input', async () => {
      const bad: Array<[string, string, unknown, number]> = [
        ['POST', '/api/v1/experiments', {}, 400],
        ['POST', '/api/v1/experiments', { run: run('bad id!') }, 400],
        ['POST', '/api/v1/experiments', { run: run('x'), items: [items(() => true)[0], items(() => true)[0]] }, 400],
        ['POST', '/api/v1/experiments', { run: run('x'), items: [{ ...items(() => true)[0], status: 'weird' }] }, 400],
        ['POST', '/api/v1/experiments', { run: run('x', { started_at: 'yesterday' }) }, 400],
        ['POST', '/api/v1/experiments', { run: run('x', { name: 'a\u0000b' }) }, 400],
        ['POST', '/api/v1/experiments', { run: run('x'), items: [{ ...items(() => true)[0], trace_id: 't\u0000' }] }, 400],
        ['POST', '/api/v1/experiments', { run: run('x'), items: [{ ...items(() => true)[0], scores: { k: { score: 1 } } }] }, 400],
        ['GET', '/api/v1/experiments?page_size=0', undefined, 400],
        ['GET', '/api/v1/experiments?status=done', undefined, 400],
        ['GET', '/api/v1/experiments/nope', undefined, 404],
        ['GET', '/api/v1/experiments/bad%20id', undefined, 400],
        ['GET', '/api/v1/experiments/compare?a=run-a', undefined, 400],
        ['GET', '/api/v1/experiments/compare?a=run-a&b=missing', undefined, 404],
        ['GET', '/api/v1/experiments/compare?a=run-a&b=run-b&alpha=2', undefined, 400],
      ];
      for (const [method, url, body, status] of bad) {
        const answer = await call(server.app, method as 'GET' | 'POST', url, body);
        expect([url, answer.status]).toEqual([url, status]);
        expect(answer.body.message).toEqual(expect.any(String));
      }
      const raw = await server.app.inject({ method: 'POST', url: '/api/v1/experiments', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, payload: '{"run":' });
      expect(raw.statusCode).toBe(400);
      expect((await call(server.app, 'GET', '/api/v1/experiments', undefined, 'wrong')).status).toBe(401);
      const key = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'reader', scopes: ['read'] });
      expect((await call(server.app, 'POST', '/api/v1/experiments', { run: run('y') }, key.body.key)).status).toBe(403);
      // NUL characters in model output are dropped, not a 5xx (PostgreSQL text cannot hold them).
      const nul = await call(server.app, 'POST', '/api/v1/experiments', { run: run('nul'), items: [{ ...items(() => true)[0], output: 'a\u0000b', error: 'e\u0000' }] });
      expect(nul.status).toBe(201);
      expect((await call(server.app, 'GET', '/api/v1/experiments/nul')).body.items[0]).toMatchObject({ output: 'ab', error: 'e' });
    });

    it('is listed in the OpenAPI document', async () => {
      const doc = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
      const paths = Object.keys(JSON.parse(doc.body).paths);
      expect(paths).toEqual(expect.arrayContaining(['/api/v1/experiments', '/api/v1/experiments/compare', '/api/v1/experiments/{run_id}']));
    });
  });
}
