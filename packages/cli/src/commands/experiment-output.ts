/** Printing experiment results: a run summary and a comparison, as tables for people. */
import type { ExperimentComparison } from '@tracehub/core';
import type { ComparisonMatrix, Flakiness, RunResult } from '@tracehub/evals';
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
  if (m.pass_at_k) printLine(`${passAtKText(m.pass_at_k)}; ${flakinessText(m.flakiness!)}`);
  printLine(`results: ${relativeDir}/ (report.md, metrics.json, items.jsonl, analysis/, reports/report.html, reports/report.xlsx, manifest.json)`);
}

/** `pass@1 0.7833  pass@5 0.9500`. */
const passAtKText = (values: Record<string, number | null>) => Object.entries(values).map(([k, v]) => `pass@${k} ${n(v)}`).join('  ');

/** Flaky items and the flakiest few with their pass/fail sequence. */
function flakinessText(f: Flakiness, listed = 5): string {
  const head = `${f.flaky_items} of ${f.items} items flaky (pass/fail flips over ${f.outcomes_per_item} outcomes), mean flip rate ${n(f.mean_flip_rate)}`;
  if (!f.flakiest.length) return head;
  const items = f.flakiest.slice(0, listed).map((i) => `${i.item_id} ${i.outcomes} (${i.flips} flip${i.flips === 1 ? '' : 's'})`);
  return `${head}; flakiest: ${items.join(', ')}${f.flaky_items > listed ? ', …' : ''}`;
}

/** A matrix cell's text: the value, ★ when best, + / − when significantly better / worse than the baseline. */
function matrixCellText(cell: ComparisonMatrix['cells'][number], metric: string): string {
  const v = cell.values[metric];
  const s = cell.vs_baseline?.[metric];
  const marks = [cell.best.includes(metric) ? '★' : '', cell.baseline ? '(baseline)' : s?.significant ? (s.direction === 'better' ? '+' : '−') : ''].filter(Boolean);
  return [metric === 'pass_rate' ? pct(v) : n(v), ...marks].join(' ');
}

/** Prints a comparison of several runs: a prompts × models table per metric, each run against the baseline, and stability. */
export function printMatrix(m: ComparisonMatrix, flakiestListed = 5): void {
  const confidence = `${Math.round(m.confidence * 100)}%`;
  printLine(`baseline: ${m.baseline.name} (${m.baseline.run_id}); ${m.cells.length} runs compared on the ${m.shared.items} items and the evaluators (${m.shared.evaluators.join(', ') || 'none'}) they all share`);
  printLine(`★ best; + / − significantly better / worse than the baseline (scores: ${confidence} paired-bootstrap CI; pass rate: McNemar, alpha ${m.alpha})`);
  for (const metric of m.metrics) {
    printLine();
    printLine(`${metric}:`);
    printTable(
      ['PROMPT', ...m.columns],
      m.rows.map((row) => [row, ...m.columns.map((model) => {
        const cell = m.cells.find((c) => c.row === row && c.model === model);
        return cell ? matrixCellText(cell, metric) : '—';
      })]),
    );
  }
  printLine();
  printTable(
    ['RUN', 'PROMPT', 'MODEL', 'SCORE', `Δ SCORE [${confidence} CI]`, 'PASS RATE', 'Δ PASS', 'MCNEMAR P', 'VERDICT'],
    m.cells.map((c) => {
      const s = c.vs_baseline?.score;
      const p = c.vs_baseline?.pass_rate;
      return [
        c.name, c.prompt, c.model, n(c.values.score), s ? `${n(s.delta)} [${n(s.ci_low)}, ${n(s.ci_high)}]` : '—', pct(c.values.pass_rate),
        p ? n(p.delta) : '—', p ? n(p.p_value) : '—', c.verdict ? c.verdict.replace(/_/g, ' ') : 'baseline',
      ];
    }),
  );
  if (m.stability.length) {
    printLine();
    printLine('Stability over runs and repetitions of the same prompt × model:');
    for (const st of m.stability) {
      printLine(`  ${st.prompt} × ${st.model} (${st.runs.join(', ')}): ${passAtKText(st.pass_at_k)}; ${flakinessText(st.flakiness, flakiestListed)}`);
    }
  }
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
