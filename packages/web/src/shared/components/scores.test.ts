import { describe, expect, it } from 'vitest';
import { scoresBySpan, summarizeEvals } from './scores';

describe('score summaries (trace header and span tree badges)', () => {
  const evals = [
    { span_id: null, eval_name: 'quality', score: 0.9, passed: true },
    { span_id: null, eval_name: 'quality', score: 0.5, passed: false },
    { span_id: 's1', eval_name: 'tone', score: null, passed: true },
    { span_id: 's1', eval_name: 'accuracy', score: 1, passed: null },
    { span_id: 's2', eval_name: 'tone', score: null, passed: null },
  ];

  it('summarises by evaluation name like the list answer: mean of the numeric scores, count, passed, failed', () => {
    expect(summarizeEvals(evals)).toEqual([
      { name: 'accuracy', avg: 1, count: 1, passed: 0, failed: 0 },
      { name: 'quality', avg: 0.7, count: 2, passed: 1, failed: 1 },
      { name: 'tone', avg: null, count: 2, passed: 1, failed: 0 },
    ]);
    expect(summarizeEvals([])).toEqual([]);
  });

  it('groups span evaluations per span, leaving trace-level ones out', () => {
    const bySpan = scoresBySpan(evals);
    expect([...bySpan.keys()]).toEqual(['s1', 's2']);
    expect(bySpan.get('s1')?.map((s) => s.name)).toEqual(['accuracy', 'tone']);
    expect(bySpan.get('s2')).toEqual([{ name: 'tone', avg: null, count: 1, passed: 0, failed: 0 }]);
  });
});
