/**
 * Compares run B (candidate) with run A (baseline) over what both share — the items both have
 * (paired by key) scored by the evaluators both have (each item's overall score and pass/fail are
 * recomputed over those when the evaluator sets differ) — and reports what differs (run-differences.ts):
 * per-metric mean difference with a paired-bootstrap confidence interval, McNemar's test on
 * pass/fail, and the items that regressed or improved. Deterministic for a given seed.
 */
import type { ExperimentComparison, ItemChange, MetricComparison, PassFailComparison } from '@tracehub/core';
import { seededRandom, seedFromText } from '../seeded-random.js';
import { pairedBootstrap } from './paired-bootstrap.js';
import { mcnemar } from './mcnemar.js';
import { itemOutcome, type OutcomeScore } from './item-outcome.js';
import { runDifferences, runEvaluators, type RunSubject } from './run-differences.js';

/** One item of a run as the comparison needs it. */
export interface ComparableItem {
  key: string;
  item_id: string;
  repetition: number;
  /** `error`: the model call or rendering failed (default ok). */
  status?: 'ok' | 'error';
  passed: boolean;
  score: number | null;
  scores: Record<string, OutcomeScore>;
  trace_id: string | null;
}

/** A run to compare, with the dataset and prompt it evaluated when known. */
export interface ComparableRun {
  run_id: string;
  name: string;
  items: ComparableItem[];
  dataset?: RunSubject | null;
  prompt?: RunSubject | null;
  /** The model it called, when known (the columns of a comparison matrix). */
  model?: string | null;
}

/** Comparison settings (defaults: 2000 resamples, seed 42, alpha 0.05). */
export interface CompareOptions {
  resamples?: number;
  seed?: number;
  alpha?: number;
}

const EPS = 1e-9;
const round = (v: number) => Math.round(v * 1e6) / 1e6;

type Pair = [ComparableItem, ComparableItem];
type Value = { score: number; passed: boolean } | null;

/** The overall value (`score`) or an evaluator's value of an item; null when that evaluator skipped it. */
function valueOf(item: ComparableItem, metric: string): Value {
  if (metric === 'score') return { score: item.score ?? 0, passed: item.passed };
  const s = item.scores[metric];
  if (!s || s.status === 'skipped') return null;
  return { score: s.status === 'error' ? 0 : (s.score ?? 0), passed: s.passed === true };
}

function metricComparison(metric: string, pairs: Pair[], o: Required<CompareOptions>): MetricComparison {
  const values = pairs.map(([a, b]) => [valueOf(a, metric), valueOf(b, metric)] as const).filter(([a, b]) => a && b) as Array<[NonNullable<Value>, NonNullable<Value>]>;
  if (values.length === 0) return { metric, n: 0, a_mean: null, b_mean: null, delta: null, ci_low: null, ci_high: null, significant: false, direction: 'same' };
  const random = seededRandom((o.seed ^ seedFromText(metric)) >>> 0);
  const boot = pairedBootstrap(values.map(([a, b]) => b.score - a.score), o.resamples, o.alpha, random);
  const significant = boot.low > EPS || boot.high < -EPS;
  return {
    metric,
    n: values.length,
    a_mean: round(values.reduce((s, [a]) => s + a.score, 0) / values.length),
    b_mean: round(values.reduce((s, [, b]) => s + b.score, 0) / values.length),
    delta: round(boot.delta),
    ci_low: round(boot.low),
    ci_high: round(boot.high),
    significant,
    direction: significant ? (boot.delta > 0 ? 'better' : 'worse') : 'same',
  };
}

function passFailComparison(metric: string, pairs: Pair[], alpha: number): PassFailComparison {
  const name = metric === 'score' ? 'passed' : metric;
  const values = pairs.map(([a, b]) => [valueOf(a, metric), valueOf(b, metric)] as const).filter(([a, b]) => a && b) as Array<[NonNullable<Value>, NonNullable<Value>]>;
  const regressions = values.filter(([a, b]) => a.passed && !b.passed).length;
  const improvements = values.filter(([a, b]) => !a.passed && b.passed).length;
  const test = mcnemar(regressions, improvements);
  const significant = test.p < alpha;
  const n = values.length;
  return {
    metric: name,
    n,
    a_pass_rate: n ? round(values.filter(([a]) => a.passed).length / n) : null,
    b_pass_rate: n ? round(values.filter(([, b]) => b.passed).length / n) : null,
    regressions,
    improvements,
    test: test.test,
    p_value: round(test.p),
    significant,
    direction: significant ? (improvements > regressions ? 'better' : 'worse') : 'same',
  };
}

function change(a: ComparableItem, b: ComparableItem, axes: string[], sign: 1 | -1): ItemChange | null {
  const delta = (b.score ?? 0) - (a.score ?? 0);
  const flipped = sign < 0 ? a.passed && !b.passed : !a.passed && b.passed;
  if (!flipped && !(sign * delta > EPS)) return null;
  const metrics = axes.filter((axis) => {
    const x = valueOf(a, axis);
    const y = valueOf(b, axis);
    if (!x || !y) return false;
    return sign < 0 ? (x.passed && !y.passed) || y.score < x.score - EPS : (!x.passed && y.passed) || y.score > x.score + EPS;
  });
  return {
    key: a.key, item_id: a.item_id, repetition: a.repetition, a_score: a.score, b_score: b.score, delta: round(delta),
    a_passed: a.passed, b_passed: b.passed, metrics, a_trace_id: a.trace_id, b_trace_id: b.trace_id,
  };
}

/** The item with its overall score and pass/fail over `axes` only (when the run has other evaluators too). */
export function restrictToEvaluators(item: ComparableItem, axes: string[]): ComparableItem {
  if (Object.keys(item.scores).every((axis) => axes.includes(axis))) return item;
  const scores = Object.fromEntries(Object.entries(item.scores).filter(([axis]) => axes.includes(axis)));
  return { ...item, ...itemOutcome(item.status ?? 'ok', scores), scores };
}

/** The items both runs have (paired by key) scored by the evaluators both runs have. */
function pairRuns(a: ComparableRun, b: ComparableRun): { pairs: Pair[]; axes: string[] } {
  const inB = new Set(runEvaluators(b));
  const axes = runEvaluators(a).filter((axis) => inB.has(axis));
  const byKey = new Map(b.items.map((item) => [item.key, item]));
  const pairs: Pair[] = a.items.filter((item) => byKey.has(item.key)).map((item) => [restrictToEvaluators(item, axes), restrictToEvaluators(byKey.get(item.key)!, axes)]);
  return { pairs, axes };
}

/**
 * How many random draws comparing `b` with `a` takes: paired items × resamples × metrics (the
 * overall score plus each shared evaluator). The bootstrap's time is proportional to it.
 */
export function comparisonDraws(a: ComparableRun, b: ComparableRun, resamples = 2000): number {
  const { pairs, axes } = pairRuns(a, b);
  return pairs.length * resamples * (1 + axes.length);
}

/** Compares `b` against `a`. */
export function compareRuns(a: ComparableRun, b: ComparableRun, options: CompareOptions = {}): ExperimentComparison {
  const o: Required<CompareOptions> = { resamples: options.resamples ?? 2000, seed: options.seed ?? 42, alpha: options.alpha ?? 0.05 };
  const { pairs, axes } = pairRuns(a, b);
  const metrics = ['score', ...axes].map((m) => metricComparison(m, pairs, o));
  const passFail = ['score', ...axes].map((m) => passFailComparison(m, pairs, o.alpha));
  const regressions = pairs.map(([x, y]) => change(x, y, axes, -1)).filter((c): c is ItemChange => !!c).sort((p, q) => (p.delta ?? 0) - (q.delta ?? 0));
  const improvements = pairs.map(([x, y]) => change(x, y, axes, 1)).filter((c): c is ItemChange => !!c).sort((p, q) => (q.delta ?? 0) - (p.delta ?? 0));
  const primary = [metrics[0].direction, passFail[0].direction];
  const worse = primary.includes('worse');
  const better = primary.includes('better');
  return {
    a: { run_id: a.run_id, name: a.name, items: a.items.length },
    b: { run_id: b.run_id, name: b.name, items: b.items.length },
    paired: pairs.length,
    only_in_a: a.items.length - pairs.length,
    only_in_b: b.items.length - pairs.length,
    confidence: 1 - o.alpha,
    alpha: o.alpha,
    resamples: o.resamples,
    seed: o.seed,
    metrics,
    pass_fail: passFail,
    regressions,
    improvements,
    verdict: worse && better ? 'mixed' : worse ? 'worse' : better ? 'better' : 'no_significant_difference',
    differences: runDifferences(a, b),
  };
}
