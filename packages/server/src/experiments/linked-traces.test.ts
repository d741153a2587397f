import { describe, expect, it } from 'vitest';
import type { EvalRow, TraceRow } from '../storage/rows.js';
import { linkedSummary, scoresByName, withTraceResults } from './linked-traces.js';

const evalRow = (name: string, time: number, score: number | null, passed: boolean | null, extra: Partial<EvalRow> = {}): EvalRow => ({
  project_id: 'p', eval_id: `${name}-${time}`, trace_id: 't', span_id: null, eval_name: name, eval_model: null, score, passed, label: null,
  comment: null, metadata: '{}', source: 'api', user_review_passed: null, eval_time: time, idempotency_key: null, created_at: time, ...extra,
});

const item = { key: 'i', item_id: 'i', repetition: 1, trace_id: 't', status: 'ok' as const, passed: false, score: null, scores: {}, input: null, output: null,
  expected: null, metadata: {}, latency_ms: null, cost: null, input_tokens: null, output_tokens: null, error: null };

describe('linked traces', () => {
  it('keeps the newest evaluation of each name, with its comment or label as reasoning', () => {
    const scores = scoresByName([evalRow('a', 2, 0.9, true), evalRow('a', 1, 0.1, false), evalRow('b', 1, null, null, { label: 'good' })]);
    expect(scores.a).toMatchObject({ score: 0.9, passed: true, status: 'ok' });
    expect(scores.b).toMatchObject({ score: null, passed: null, comment: { reasoning: 'good' } });
  });

  it('gives an item its trace output and evaluations; passed needs a verdict and no failure', async () => {
    const trace = { status: 'error', output_text: 'out', latency_ms: 12, cost: 0.5, input_tokens: 3, output_tokens: 4 } as TraceRow;
    const reader = (evals: EvalRow[]) => ({ getTrace: async () => trace, getTraceEvals: async () => evals });
    const [scored] = await withTraceResults(reader([evalRow('a', 1, 1, true), evalRow('b', 1, 0.5, null)]), 'p', [item]);
    expect(scored).toMatchObject({ output: 'out', status: 'error', latency_ms: 12, cost: 0.5, passed: true, score: 0.75 });
    const [none] = await withTraceResults(reader([evalRow('b', 1, 0.5, null)]), 'p', [item]);
    expect(none.passed).toBe(false);
    const [unlinked] = await withTraceResults(reader([]), 'p', [{ ...item, trace_id: null }]);
    expect(unlinked).toEqual({ ...item, trace_id: null });
  });

  it('summarises items: pass rate over items with a verdict, mean score, errors', () => {
    const score = (passed: boolean | null) => ({ score: null, passed, status: 'ok' as const, comment: { passed_items: [], failed_items: [], reasoning: '', suggestions: [] }, weight: 1, threshold: null });
    const summary = linkedSummary([
      { ...item, passed: true, score: 1, scores: { a: score(true) } },
      { ...item, passed: false, score: 0, scores: { a: score(false) } },
      { ...item, passed: false, score: null, status: 'error', scores: {} },
    ]);
    expect(summary).toEqual({ items: 3, passed: 1, failed: 1, errors: 1, pass_rate: 0.5, mean_score: 0.5 });
    expect(linkedSummary([])).toMatchObject({ items: 0, pass_rate: null, mean_score: null });
  });
});
