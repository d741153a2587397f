/**
 * Compares more than two runs at once: a matrix of prompts (rows) × models (columns) with each
 * metric's value per run (overall score, pass rate, each evaluator), the best run per metric marked,
 * and every run tested against a chosen baseline with compareRuns (paired bootstrap on scores,
 * McNemar on pass/fail). Only what every run shares is compared — the items all runs have, scored by
 * the evaluators all runs have — and the notes say what differs. Runs of the same prompt × model
 * (several runs of one configuration, or one run with repetitions) also get pass@k and flakiness
 * pooled over their runs and repetitions.
 */
import type { ComparisonMatrix, ExperimentComparison, MatrixCell, MatrixSignificance, MatrixStability } from '@tracehub/core';
import { compareRuns, restrictToEvaluators, type ComparableRun, type CompareOptions } from './compare-runs.js';
import { describeSubject, runDifferences, runEvaluators } from './run-differences.js';
import { repetitionStats } from './repetition-stats.js';
import { evaluateGate } from './run-gate.js';

/** The wire types (core's experiment-matrix schema). */
export type { ComparisonMatrix, MatrixCell, MatrixSignificance, MatrixStability };

/** Matrix settings: the comparison's, and the k values of pass@k (default 1 and n). */
export interface MatrixOptions extends CompareOptions {
  passAtK?: number[];
  /** Flakiest items listed per prompt × model (default 10). */
  flakiest?: number;
}

const EPS = 1e-9;
const NOTE_KEYS = 5;
const promptLabel = (run: ComparableRun) => (run.prompt ? `${run.prompt.name ?? '?'}${run.prompt.version ? `:${run.prompt.version}` : ''}` : '?');

/** The runs narrowed to the items every run has, scored by the evaluators every run has, and what differs. */
function shareRuns(runs: ComparableRun[], baseline: number): { restricted: ComparableRun[]; axes: string[]; keys: Set<string>; notes: string[] } {
  const evaluators = runs.map((r) => runEvaluators(r));
  const axes = evaluators[0].filter((e) => evaluators.every((list) => list.includes(e)));
  const keySets = runs.map((r) => new Set(r.items.map((i) => i.key)));
  const keys = new Set([...keySets[0]].filter((k) => keySets.every((set) => set.has(k))));
  const notes: string[] = [];
  const allEvaluators = [...new Set(evaluators.flat())].sort();
  const missing = allEvaluators.filter((e) => !axes.includes(e));
  if (missing.length) {
    const parts = missing.map((e) => `${e} missing from ${runs.filter((_, i) => !evaluators[i].includes(e)).map((r) => r.name).join(', ')}`);
    notes.push(`evaluators differ: ${parts.join('; ')}; compared on ${axes.length ? axes.join(', ') : 'no evaluator'} only`);
  }
  const allKeys = new Set(runs.flatMap((r) => r.items.map((i) => i.key)));
  if (allKeys.size > keys.size) {
    const parts = runs
      .map((r, i) => {
        const lacks = [...allKeys].filter((k) => !keySets[i].has(k)).sort();
        return lacks.length ? `${r.name} lacks ${lacks.length} (${lacks.slice(0, NOTE_KEYS).join(', ')}${lacks.length > NOTE_KEYS ? ', …' : ''})` : '';
      })
      .filter(Boolean);
    notes.push(`${allKeys.size - keys.size} items are not in every run (${parts.join('; ')}); compared on the ${keys.size} items all runs share`);
  }
  runs.forEach((run, i) => {
    if (i === baseline) return;
    const d = runDifferences(runs[baseline], run).dataset;
    if (d.differs) notes.push(`datasets differ: baseline ${runs[baseline].name} ${describeSubject(d.a!)}, ${run.name} ${describeSubject(d.b!)}`);
  });
  const restricted = runs.map((run) => ({ ...run, items: run.items.filter((item) => keys.has(item.key)).map((item) => restrictToEvaluators(item, axes)) }));
  return { restricted, axes, keys, notes };
}

/** Why `runs` cannot be compared at all (no item or no evaluator all of them have), or null. */
export function matrixUnusable(runs: ComparableRun[]): string | null {
  const names = runs.map((r) => r.name).join(', ');
  const keySets = runs.map((r) => new Set(r.items.map((i) => i.key)));
  if (![...keySets[0]].some((k) => keySets.every((set) => set.has(k)))) return `${names} share no items; compare runs over the same dataset`;
  const evaluators = runs.map((r) => runEvaluators(r));
  if (!evaluators[0].some((e) => evaluators.every((list) => list.includes(e))) && evaluators.some((list) => list.length)) return `${names} share no evaluator`;
  return null;
}

/** The values of B (or A, `side` a) of a comparison, per matrix metric. */
function valuesOf(c: ExperimentComparison, metrics: string[], side: 'a' | 'b'): Record<string, number | null> {
  return Object.fromEntries(
    metrics.map((metric) => {
      if (metric === 'pass_rate') return [metric, c.pass_fail[0][side === 'a' ? 'a_pass_rate' : 'b_pass_rate']];
      const m = c.metrics.find((x) => x.metric === metric);
      return [metric, m ? m[side === 'a' ? 'a_mean' : 'b_mean'] : null];
    }),
  );
}

function significanceOf(c: ExperimentComparison, metrics: string[]): Record<string, MatrixSignificance> {
  return Object.fromEntries(
    metrics.map((metric): [string, MatrixSignificance] => {
      if (metric === 'pass_rate') {
        const p = c.pass_fail[0];
        const delta = p.a_pass_rate === null || p.b_pass_rate === null ? null : Math.round((p.b_pass_rate - p.a_pass_rate) * 1e6) / 1e6;
        return [metric, { delta, ci_low: null, ci_high: null, p_value: p.p_value, significant: p.significant, direction: p.direction }];
      }
      const m = c.metrics.find((x) => x.metric === metric)!;
      return [metric, { delta: m.delta, ci_low: m.ci_low, ci_high: m.ci_high, p_value: null, significant: m.significant, direction: m.direction }];
    }),
  );
}

/** Marks, per metric, the run(s) with the highest value — unless every run has the same value. */
function markBest(cells: MatrixCell[], metrics: string[]): void {
  for (const metric of metrics) {
    const values = cells.map((c) => c.values[metric]).filter((v): v is number => v !== null);
    if (values.length < 2) continue;
    const top = Math.max(...values);
    if (values.every((v) => Math.abs(v - top) < EPS)) continue;
    for (const cell of cells) if (cell.values[metric] !== null && Math.abs(cell.values[metric]! - top) < EPS) cell.best.push(metric);
  }
}

/** pass@k and flakiness per prompt × model that has several runs or repeated items. */
function stabilityOf(runs: ComparableRun[], cells: MatrixCell[], o: MatrixOptions): MatrixStability[] {
  const groups = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    const key = JSON.stringify([cell.prompt, cell.model]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const result: MatrixStability[] = [];
  for (const members of groups.values()) {
    const outcomes = members.flatMap((i, order) => runs[i].items.map((item) => ({ item_id: item.item_id, repetition: item.repetition, passed: item.passed, run: order })));
    if (members.length < 2 && !runs[members[0]].items.some((item) => item.repetition > 1)) continue;
    const first = cells[members[0]];
    result.push({ prompt: first.prompt, model: first.model, runs: members.map((i) => cells[i].name), ...repetitionStats(outcomes, { ks: o.passAtK, limit: o.flakiest }) });
  }
  return result;
}

/** Compares `runs` (two or more) against `runs[baseline]`. Throws when they share no items or no evaluator. */
export function compareMatrix(runs: ComparableRun[], baseline = 0, options: MatrixOptions = {}): ComparisonMatrix {
  if (runs.length < 2) throw new Error('A comparison needs at least two runs.');
  if (!(baseline >= 0 && baseline < runs.length)) throw new Error(`No baseline run ${baseline}.`);
  const unusable = matrixUnusable(runs);
  if (unusable) throw new Error(`${unusable}.`);
  const { restricted, axes, keys, notes } = shareRuns(runs, baseline);
  const metrics = ['score', 'pass_rate', ...axes];
  const comparisons = restricted.map((run, i) => (i === baseline ? null : compareRuns(restricted[baseline], run, options)));
  const anyComparison = comparisons.find((c): c is ExperimentComparison => !!c)!;
  const seen = new Set<string>();
  const cells: MatrixCell[] = runs.map((run, i) => {
    const prompt = promptLabel(run);
    const model = run.model ?? '?';
    const slot = JSON.stringify([prompt, model]);
    const row = seen.has(slot) ? `${prompt} [${run.name}]` : prompt;
    seen.add(slot);
    const c = comparisons[i];
    return {
      run_id: run.run_id, name: run.name, prompt, model, row, baseline: i === baseline,
      values: c ? valuesOf(c, metrics, 'b') : valuesOf(anyComparison, metrics, 'a'),
      best: [], vs_baseline: c ? significanceOf(c, metrics) : null, verdict: c ? c.verdict : null,
    };
  });
  markBest(cells, metrics);
  return {
    baseline: { run_id: runs[baseline].run_id, name: runs[baseline].name },
    metrics,
    rows: [...new Set(cells.map((c) => c.row))],
    columns: [...new Set(cells.map((c) => c.model))],
    cells,
    shared: { items: keys.size, evaluators: axes },
    notes,
    stability: stabilityOf(restricted, cells, options),
    confidence: anyComparison.confidence,
    alpha: anyComparison.alpha,
    resamples: anyComparison.resamples,
    seed: anyComparison.seed,
  };
}

/**
 * The `--fail-on-regression` gate over several runs: each run against the baseline as the two-run
 * gate judges it (significantly worse, or lacking evaluators or items the baseline has).
 */
export function matrixGate(runs: ComparableRun[], baseline: number, options: CompareOptions & { allowPartialBaseline?: boolean } = {}): { passed: boolean; reasons: string[] } {
  const reasons = runs.flatMap((run, i) =>
    i === baseline ? [] : evaluateGate({}, {}, compareRuns(runs[baseline], run, options), { allowPartialBaseline: options.allowPartialBaseline }).reasons.map((r) => `${run.name}: ${r}`),
  );
  return { passed: reasons.length === 0, reasons };
}
