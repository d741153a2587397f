import { describe, expect, it } from 'vitest';
import { comparisonMatrixSchema, experimentComparisonSchema } from '@tracehub/core';
import { compareMatrix, type ComparableRun } from '@tracehub/evals/compare';
import { createCompareRunner } from './compare-runner.js';

const score = (passed: boolean) => ({ score: passed ? 1 : 0, passed, status: 'ok' });
const run = (id: string, model: string, passes: (i: number) => boolean): ComparableRun => ({
  run_id: id, name: id, model, prompt: { name: 'qa', version: '1', sha256: null },
  items: Array.from({ length: 50 }, (_, i) => ({ key: `c${i}`, item_id: `c${i}`, repetition: 1, passed: passes(i), score: passes(i) ? 1 : 0, scores: { kw: score(passes(i)) }, trace_id: null })),
});
const runs = [run('a', 'm1', (i) => i < 30), run('b', 'm2', (i) => i < 45), run('c', 'm3', (i) => i < 10)];
const options = { resamples: 300, seed: 42, alpha: 0.05 };

describe('compare runner', () => {
  it('a matrix above the inline limit runs in the worker thread and answers what compareMatrix answers', async () => {
    const runner = createCompareRunner({ inlineDraws: 0 });
    const inWorker = comparisonMatrixSchema.parse(await runner.matrix(runs, 1, options));
    expect(inWorker).toEqual(compareMatrix(runs, 1, options));
    expect(inWorker.cells.find((c) => c.run_id === 'c')!.verdict).toBe('worse');
    // The two-run comparison still goes through the same worker.
    expect(experimentComparisonSchema.parse(await runner.compare(runs[0], runs[1], options)).verdict).toBe('better');
  });

  it('refuses a matrix whose comparisons together take more draws than the limit', async () => {
    // 2 comparisons × 50 pairs × 300 resamples × 2 metrics = 60,000 draws.
    const runner = createCompareRunner({ maxDraws: 59_999 });
    await expect(runner.matrix(runs, 0, options)).rejects.toMatchObject({ kind: 'too_large', code: 'compare_too_large' });
    await expect(createCompareRunner({ maxDraws: 60_000 }).matrix(runs, 0, options)).resolves.toMatchObject({ baseline: { run_id: 'a' } });
  });
});
