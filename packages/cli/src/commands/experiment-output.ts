/** Printing experiment results: a run summary and a comparison, as tables for people. */
import type { ExperimentComparison } from '@tracehub/core';
import type { RunResult } from '@tracehub/evals';
import { printLine, printTable } from '../output.js';

const n = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(digits));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** Prints what a run produced. */
export function printRunSummary(result: RunResult, relativeDir: string): void {
  const m = result.metrics;
  printLine(`${m.experiment_name} (${m.run_id}): ${result.status}, ${m.counts.items} items, ${m.counts.passed} passed (${pct(m.pass_rate)}), ${m.counts.errors} errors`);
  printLine(`score mean ${n(m.aggregations.mean)}  median ${n(m.aggregations.median)}  p90 ${n(m.aggregations.p90)}  cost $${m.cost.total.toFixed(6)}`);
  printTable(
    ['EVALUATOR', 'MEAN', 'PASS RATE', 'PASSED', 'FAILED', 'ERRORS', 'SKIPPED'],
    m.axes.map((axis) => {
      const a = m.per_axis[axis];
      return [axis, n(a.mean), pct(a.pass_rate), a.passed, a.failed, a.errors, a.skipped];
    }),
  );
  printLine(`results: ${relativeDir}/ (report.md, metrics.json, items.jsonl, report.xlsx, manifest.json)`);
}

/** Prints a comparison of B against A. */
export function printComparison(c: ExperimentComparison, limit = 20): void {
  printLine(`A (baseline): ${c.a.name} (${c.a.run_id}), B: ${c.b.name} (${c.b.run_id}); ${c.paired} paired items${c.only_in_a || c.only_in_b ? ` (${c.only_in_a} only in A, ${c.only_in_b} only in B)` : ''}`);
  printLine(`verdict: ${c.verdict.replace(/_/g, ' ')}`);
  printLine();
  printTable(
    ['METRIC', 'A', 'B', 'DELTA', `${Math.round(c.confidence * 100)}% CI`, 'SIGNIFICANT'],
    c.metrics.map((m) => [m.metric, n(m.a_mean), n(m.b_mean), n(m.delta), m.ci_low === null ? '—' : `[${n(m.ci_low)}, ${n(m.ci_high)}]`, m.significant ? m.direction : 'no']),
  );
  printLine();
  printTable(
    ['PASS/FAIL', 'A', 'B', 'REGRESSED', 'IMPROVED', 'TEST', 'P-VALUE', 'SIGNIFICANT'],
    c.pass_fail.map((p) => [p.metric, pct(p.a_pass_rate), pct(p.b_pass_rate), p.regressions, p.improvements, p.test, n(p.p_value), p.significant ? p.direction : 'no']),
  );
  for (const [title, list] of [['Regressions', c.regressions], ['Improvements', c.improvements]] as const) {
    printLine();
    printLine(`${title} (${list.length})${list.length > limit ? `, first ${limit}` : ''}:`);
    for (const item of list.slice(0, limit)) {
      printLine(`  ${item.key}: ${n(item.a_score, 3)} → ${n(item.b_score, 3)} (${item.a_passed ? 'pass' : 'fail'} → ${item.b_passed ? 'pass' : 'fail'})${item.metrics.length ? ` [${item.metrics.join(', ')}]` : ''}`);
    }
  }
}
