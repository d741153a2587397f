/**
 * Turns the traces and evaluations attributed to a test into its results view: per-unit values,
 * per-variant intervals, differences against the control, the sample-ratio check and the verdict.
 * Pure: the service reads the rows (bounded) and the clock.
 */
import { AB_FIXED_METRICS, AB_LOWER_IS_BETTER, type AbMetricResult, type AbResultsView, type AbTestView, type AbVariantResult } from '@tracehub/core';
import type { AbEvalRow, AbTraceRow } from '../storage/ab-test-store.js';
import { compareGroups, meanInterval, quantileInterval, sampleRatioCheck, summarize, unitsNeeded, type GroupSummary, type Interval } from './statistics.js';

const LOWER_IS_BETTER = new Set(AB_LOWER_IS_BETTER);

/** At most this many evaluation names get a metric of their own (the test's own metrics always do). */
const MAX_EVAL_METRICS = 20;

type Sums = Map<string, { sum: number; count: number }>;

function add(sums: Sums, metric: string, value: number | null | undefined): void {
  if (value === null || value === undefined || !Number.isFinite(value)) return;
  const entry = sums.get(metric) ?? { sum: 0, count: 0 };
  entry.sum += value;
  entry.count += 1;
  sums.set(metric, entry);
}

/** The values of one trace, by metric. */
function traceValues(row: AbTraceRow): [string, number | null][] {
  const flag = (v: boolean) => (v ? 1 : 0);
  return [
    ['review_pass_rate', row.user_review_passed === null ? null : flag(row.user_review_passed)],
    ['error_rate', flag(row.status === 'error')],
    ['latency_ms', row.latency_ms],
    ['total_tokens', row.total_tokens],
    ['cost', row.cost],
    ['block_rate', flag(row.decision_action === 'BLOCK')],
    ['escalate_rate', flag(row.decision_action === 'ESCALATE')],
  ];
}

/** The interval with its bounds kept within [low, high]. */
function clamp<T extends Interval>(i: T, low: number, high: number): T {
  const keep = (v: number | null) => (v === null ? null : Math.min(high, Math.max(low, v)));
  return { ...i, low: keep(i.low), high: keep(i.high) };
}

const metricLabel = (metric: string) => metric.replace(/^eval:/, 'eval score ');

function formatDifference(metric: string, value: number): string {
  if (metric.endsWith('_rate')) return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} points`;
  return `${value >= 0 ? '+' : ''}${Number(value.toPrecision(3))}`;
}

/** The results of `test` over `traces` (and their `evals`) at significance `alpha`. */
export function buildResults(test: AbTestView, traces: readonly AbTraceRow[], evals: readonly AbEvalRow[], alpha: number, truncated: boolean): AbResultsView {
  const variantKeys = new Set(test.variants.map((v) => v.key));
  const evalNames = new Set([test.primary_metric, ...test.guardrail_metrics].filter((m) => m.startsWith('eval:')).map((m) => m.slice(5)));
  for (const e of evals) if (evalNames.size < MAX_EVAL_METRICS) evalNames.add(e.eval_name);
  const evalsByTrace = new Map<string, AbEvalRow[]>();
  for (const e of evals) {
    if (!evalNames.has(e.eval_name)) continue;
    const list = evalsByTrace.get(e.trace_id);
    if (list) list.push(e);
    else evalsByTrace.set(e.trace_id, [e]);
  }

  // unit → its variant and metric sums; a unit seen under two variants counts under its first.
  const units = new Map<string, { variant: string; sums: Sums }>();
  const traceCounts = new Map<string, number>();
  const latencies = new Map<string, number[]>();
  for (const row of traces) {
    if (!row.variant || !variantKeys.has(row.variant)) continue;
    const unitId = (test.unit === 'user_id' ? row.user_id : row.session_id) ?? `trace:${row.trace_id}`;
    let unit = units.get(unitId);
    if (!unit) units.set(unitId, (unit = { variant: row.variant, sums: new Map() }));
    if (unit.variant !== row.variant) continue;
    traceCounts.set(row.variant, (traceCounts.get(row.variant) ?? 0) + 1);
    if (row.latency_ms !== null) {
      const list = latencies.get(row.variant);
      if (list) list.push(row.latency_ms);
      else latencies.set(row.variant, [row.latency_ms]);
    }
    for (const [metric, value] of traceValues(row)) add(unit.sums, metric, value);
    for (const e of evalsByTrace.get(row.trace_id) ?? []) add(unit.sums, `eval:${e.eval_name}`, e.score ?? (e.passed === null ? null : e.passed ? 1 : 0));
  }

  const metrics = [...AB_FIXED_METRICS, ...[...evalNames].sort().map((n) => `eval:${n}`)];
  const groups = new Map<string, Map<string, GroupSummary>>();
  const unitCounts = new Map<string, number>();
  for (const variant of test.variants) {
    const values = new Map<string, number[]>(metrics.map((m) => [m, []]));
    for (const unit of units.values()) {
      if (unit.variant !== variant.key) continue;
      unitCounts.set(variant.key, (unitCounts.get(variant.key) ?? 0) + 1);
      for (const [metric, { sum, count }] of unit.sums) values.get(metric)?.push(sum / count);
    }
    groups.set(variant.key, new Map(metrics.map((m) => [m, summarize(values.get(m) ?? [])])));
  }

  const weightSum = test.variants.reduce((s, v) => s + v.weight, 0);
  const totalUnits = units.size;
  const control = groups.get(test.control) as Map<string, GroupSummary>;
  const variants: AbVariantResult[] = test.variants.map((variant) => {
    const own = groups.get(variant.key) as Map<string, GroupSummary>;
    const sorted = [...(latencies.get(variant.key) ?? [])].sort((a, b) => a - b);
    return {
      key: variant.key,
      weight: variant.weight,
      units: unitCounts.get(variant.key) ?? 0,
      traces: traceCounts.get(variant.key) ?? 0,
      expected_share: variant.weight / weightSum,
      observed_share: totalUnits ? (unitCounts.get(variant.key) ?? 0) / totalUnits : 0,
      metrics: metrics.map((metric): AbMetricResult => {
        const group = own.get(metric) as GroupSummary;
        // Rates are shares: their intervals stay within [0, 1], their differences within [-1, 1].
        const rate = metric.endsWith('_rate');
        const result: AbMetricResult = { metric, n: group.n, value: rate ? clamp(meanInterval(group, alpha), 0, 1) : meanInterval(group, alpha) };
        if (variant.key !== test.control) {
          const d = compareGroups(control.get(metric) as GroupSummary, group, alpha);
          result.difference = rate ? { ...clamp(d, -1, 1), sequential: { ...clamp(d.sequential, -1, 1), p_value: d.sequential.p_value } } : d;
        }
        return result;
      }),
      latency_p50_ms: quantileInterval(sorted, 0.5, alpha),
      latency_p95_ms: quantileInterval(sorted, 0.95, alpha),
    };
  });

  const srm = sampleRatioCheck(test.variants.map((v) => unitCounts.get(v.key) ?? 0), test.variants.map((v) => v.weight));
  const { verdict, needed } = decide(test, variants, groups, alpha, srm.mismatch);
  return { test, alpha, truncated, traces_read: traces.length, srm, variants, verdict, units_needed: needed };
}

/** The verdict line on the primary metric (always-valid intervals), with guardrail breaches. */
function decide(test: AbTestView, variants: AbVariantResult[], groups: Map<string, Map<string, GroupSummary>>, alpha: number, mismatch: boolean): { verdict: string; needed: number | null } {
  const confidence = `${Math.round((1 - alpha) * 1000) / 10} %`;
  const unitWord = test.unit === 'user_id' ? 'users' : 'sessions';
  const weightSum = test.variants.reduce((s, v) => s + v.weight, 0);
  const controlWeight = test.variants[0].weight / weightSum;
  const lines: string[] = [];
  if (mismatch) lines.push('Sample ratio mismatch: the units per variant do not match the weights, so assignment or logging is broken; do not trust these results.');
  let needed: number | null = null;
  for (const variant of variants.slice(1)) {
    const weight = variant.weight / weightSum;
    const verdictOf = (metric: string) => {
      const diff = variant.metrics.find((m) => m.metric === metric)?.difference;
      const seq = diff?.sequential;
      if (!seq || seq.low === null || seq.high === null || seq.estimate === null) return null;
      if (seq.low <= 0 && seq.high >= 0) return null;
      const better = (seq.estimate > 0) !== LOWER_IS_BETTER.has(metric);
      return { better, text: `${metricLabel(metric)} (${formatDifference(metric, seq.estimate)}, always-valid interval ${formatDifference(metric, seq.low)} to ${formatDifference(metric, seq.high)})` };
    };
    const primary = verdictOf(test.primary_metric);
    if (primary) lines.push(`${variant.key} ${primary.better ? 'better' : 'worse'} than ${test.control} on ${primary.text} with ${confidence} confidence.`);
    else {
      const control = groups.get(test.control)?.get(test.primary_metric);
      const treatment = groups.get(variant.key)?.get(test.primary_metric);
      const more = control && treatment ? unitsNeeded(control, treatment, test.minimum_lift, alpha, controlWeight, weight) : null;
      if (more !== null) needed = Math.max(needed ?? 0, more);
      const lift = `${Math.round(test.minimum_lift * 1000) / 10} %`;
      lines.push(more === null
        ? `${variant.key}: no detectable difference on ${metricLabel(test.primary_metric)} yet; not enough data to estimate how many more ${unitWord} are needed.`
        : `${variant.key}: no detectable difference on ${metricLabel(test.primary_metric)} yet; about ${more.toLocaleString('en-US')} more ${unitWord} needed for a ${lift} lift.`);
    }
    for (const guardrail of test.guardrail_metrics) {
      const g = verdictOf(guardrail);
      if (g && !g.better) lines.push(`Guardrail breached: ${variant.key} worse on ${g.text}.`);
    }
  }
  return { verdict: lines.join(' '), needed };
}
