/**
 * Runs whose items are links to traces (e.g. Langfuse dataset runs, docs/langfuse-compatibility.md):
 * such a run has `config.results_from_traces: true`, and each item's output, status, latency, cost,
 * tokens and scores are read from its trace when the run is read, so evaluations that arrive after
 * the link still show. An item's `scores` are the trace's evaluations (the newest per name); its
 * `score` is their mean numeric score; it `passed` when it has a pass/fail evaluation and none failed.
 * The run's summary (items, passed, failed, errors, pass_rate, mean_score) is computed from them.
 */
import type { ExperimentItemView, ExperimentScore } from '@tracehub/core';
import type { EvalRow, TraceRow } from '../storage/rows.js';

/** The run config key that marks a run whose items take their results from their traces. */
export const RESULTS_FROM_TRACES = 'results_from_traces';

/** What the experiment service reads of linked traces. */
export interface LinkedTraceReader {
  getTrace(projectId: string, traceId: string): Promise<TraceRow | null>;
  getTraceEvals(projectId: string, traceId: string): Promise<EvalRow[]>;
}

/** Whether a run's items take their results from their traces. */
export function resultsFromTraces(config: Record<string, unknown>): boolean {
  return config[RESULTS_FROM_TRACES] === true;
}

/** One evaluation as an experiment score. */
export function evalScore(row: EvalRow): ExperimentScore {
  const reasoning = row.comment ?? row.label ?? '';
  return {
    score: row.score,
    passed: row.passed,
    status: 'ok',
    comment: { passed_items: [], failed_items: [], reasoning, suggestions: [] },
    weight: 1,
    threshold: null,
    eval_model: row.eval_model,
  };
}

/** The trace's evaluations by name, the newest of each name winning. */
export function scoresByName(evals: EvalRow[]): Record<string, ExperimentScore> {
  const newest = new Map<string, EvalRow>();
  for (const row of evals) {
    const seen = newest.get(row.eval_name);
    if (!seen || row.eval_time >= seen.eval_time) newest.set(row.eval_name, row);
  }
  return Object.fromEntries([...newest].map(([name, row]) => [name, evalScore(row)]));
}

/** An item with the results of its trace (unchanged when it has no trace or the trace is not there yet). */
async function withTraceResult(reader: LinkedTraceReader, projectId: string, item: ExperimentItemView): Promise<ExperimentItemView> {
  if (!item.trace_id) return item;
  const [trace, evals] = await Promise.all([reader.getTrace(projectId, item.trace_id), reader.getTraceEvals(projectId, item.trace_id)]);
  const scores = scoresByName(evals);
  const values = Object.values(scores);
  const numeric = values.map((s) => s.score).filter((s): s is number => s !== null);
  const verdicts = values.map((s) => s.passed).filter((p): p is boolean => p !== null);
  return {
    ...item,
    scores,
    score: numeric.length ? numeric.reduce((a, b) => a + b, 0) / numeric.length : null,
    passed: verdicts.length > 0 && verdicts.every(Boolean),
    ...(trace
      ? {
          status: trace.status === 'error' ? 'error' : 'ok',
          output: trace.output_text,
          latency_ms: trace.latency_ms,
          cost: trace.cost,
          input_tokens: trace.input_tokens,
          output_tokens: trace.output_tokens,
        }
      : {}),
  };
}

/** The items with the results of their traces. */
export async function withTraceResults(reader: LinkedTraceReader, projectId: string, items: ExperimentItemView[]): Promise<ExperimentItemView[]> {
  const out: ExperimentItemView[] = [];
  for (const item of items) out.push(await withTraceResult(reader, projectId, item));
  return out;
}

/** A run summary of items with their traces' results: failed = items with a failing verdict. */
export function linkedSummary(items: ExperimentItemView[]): Record<string, unknown> {
  const passed = items.filter((i) => i.passed).length;
  const failed = items.filter((i) => !i.passed && Object.values(i.scores).some((s) => s.passed === false)).length;
  const scores = items.map((i) => i.score).filter((s): s is number => s !== null);
  return {
    items: items.length,
    passed,
    failed,
    errors: items.filter((i) => i.status === 'error').length,
    pass_rate: passed + failed ? passed / (passed + failed) : null,
    mean_score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
  };
}
