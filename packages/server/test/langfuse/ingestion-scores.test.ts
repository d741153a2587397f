// Langfuse scores ↔ Trace Hub evaluations (packages/server/src/langfuse/scores.ts): each data type,
// the sources, the Langfuse-only fields kept in metadata, and what is refused.
import type { EvalView } from '@tracehub/core';
import { describe, expect, it } from 'vitest';
import { evalToLangfuseScore, langfuseScoreToEval } from '../../src/langfuse/scores.js';

/** The evaluation as the API would read it back after ingesting `input`. */
function stored(input: ReturnType<typeof langfuseScoreToEval>): EvalView {
  return {
    eval_id: 'generated-id', trace_id: input.trace_id, span_id: input.span_id ?? null, eval_name: input.eval_name,
    eval_model: null, score: input.score ?? null, passed: input.passed ?? null, label: input.label ?? null,
    comment: input.comment ?? null, metadata: input.metadata ?? {}, source: input.source, user_review_passed: null,
    eval_time: '2026-01-01T00:00:00.000000Z', idempotency_key: input.idempotency_key ?? null,
  };
}

describe('Langfuse scores as evaluations', () => {
  it('maps each data type and reads it back as the same score', () => {
    const numeric = langfuseScoreToEval({ id: 's1', traceId: 't', name: 'quality', value: 0.8, comment: 'ok', metadata: { run: 3 } });
    expect(numeric).toMatchObject({ trace_id: 't', eval_name: 'quality', score: 0.8, comment: 'ok', source: 'api', idempotency_key: 'langfuse:score:s1' });
    expect(evalToLangfuseScore(stored(numeric))).toMatchObject({
      id: 's1', traceId: 't', name: 'quality', value: 0.8, dataType: 'NUMERIC', source: 'API', comment: 'ok', metadata: { run: 3 },
    });

    const bool = langfuseScoreToEval({ id: 's2', traceId: 't', observationId: 'span-1', name: 'correct', value: 0, dataType: 'BOOLEAN', source: 'EVAL' });
    expect(bool).toMatchObject({ passed: false, score: 0, span_id: 'span-1', source: 'judge' });
    expect(evalToLangfuseScore(stored(bool))).toMatchObject({ value: 0, stringValue: 'False', dataType: 'BOOLEAN', source: 'EVAL', observationId: 'span-1' });

    const category = langfuseScoreToEval({ id: 's3', traceId: 't', name: 'tone', value: 'friendly', configId: 'cfg-1', source: 'ANNOTATION', environment: 'prod' });
    expect(category).toMatchObject({ label: 'friendly', source: 'human' });
    expect(category.score).toBeUndefined();
    expect(evalToLangfuseScore(stored(category))).toMatchObject({
      value: 0, stringValue: 'friendly', dataType: 'CATEGORICAL', configId: 'cfg-1', environment: 'prod', source: 'ANNOTATION', metadata: {},
    });
  });

  it('gives evaluations made elsewhere a type from their fields', () => {
    const base = stored(langfuseScoreToEval({ traceId: 't', name: 'x', value: 1 }));
    expect(evalToLangfuseScore({ ...base, metadata: {}, score: null, passed: true, source: 'judge' })).toMatchObject({
      id: 'generated-id', dataType: 'BOOLEAN', value: 1, stringValue: 'True', source: 'EVAL', environment: 'default',
    });
    expect(evalToLangfuseScore({ ...base, metadata: {}, score: null, label: 'good', source: 'human' })).toMatchObject({
      dataType: 'CATEGORICAL', stringValue: 'good', source: 'ANNOTATION',
    });
  });

  it('refuses what Trace Hub cannot keep, naming the field', () => {
    expect(() => langfuseScoreToEval({ sessionId: 's', name: 'x', value: 1 })).toThrow(/traceId: .*session and dataset-run scores/);
    expect(() => langfuseScoreToEval({ traceId: 't', name: 'x', value: 2, dataType: 'BOOLEAN' })).toThrow(/BOOLEAN score must be 1/);
    expect(() => langfuseScoreToEval({ traceId: 't', name: 'x', value: 1, dataType: 'CATEGORICAL' })).toThrow(/needs a string value/);
    expect(() => langfuseScoreToEval({ traceId: 't', name: '', value: 1 })).toThrow(/name/);
    expect(() => langfuseScoreToEval({ traceId: 't', name: 'x', value: 1e15 })).toThrow(/score/);
  });
});
