/**
 * Judge calibration (docs/online-evaluators.md#judge-calibration): how well an LLM judge's scores
 * (source `experiment`, `online` or `judge`) agree with people's (source `human`) of the same
 * evaluation name on the same trace. Each trace counts once: its newest judge score in the window
 * against its newest human score. Boolean and categorical values give Cohen's kappa and a confusion
 * matrix; numeric values Pearson's correlation (simple-statistics) and the mean absolute error.
 */
import { mean, sampleCorrelation } from 'simple-statistics';
import type { AgreementDisagreement, AgreementKind, AgreementQuery, AgreementView } from '@tracehub/core';
import { JUDGE_SOURCES, microsToIso } from '@tracehub/core';
import type { EvalRow } from '../storage/rows.js';
import type { EvalFilter, TraceReadStore } from '../storage/store.js';

/** The most evaluations of each side one answer reads. */
export const AGREEMENT_EVAL_LIMIT = 50_000;
const PAGE = 5_000;

type Value = boolean | string | number;

/**
 * Cohen's kappa of paired categorical values: (p_o − p_e) / (1 − p_e), p_o the share of equal
 * pairs, p_e the agreement expected by chance from each side's label shares. Null without pairs or
 * when p_e is 1 (both sides always gave one and the same label: kappa is undefined).
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): { kappa: number | null; observed: number | null } {
  const n = pairs.length;
  if (n === 0) return { kappa: null, observed: null };
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let equal = 0;
  for (const [x, y] of pairs) {
    if (x === y) equal++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const observed = equal / n;
  let expected = 0;
  for (const [label, count] of a) expected += (count / n) * ((b.get(label) ?? 0) / n);
  return { kappa: expected === 1 ? null : (observed - expected) / (1 - expected), observed };
}

/** Rows: first values; columns: second values; labels sorted. */
export function confusionMatrix(pairs: readonly (readonly [string, string])[]): { labels: string[]; matrix: number[][] } {
  const labels = [...new Set(pairs.flat())].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (const [x, y] of pairs) matrix[index.get(x) as number][index.get(y) as number]++;
  return { labels, matrix };
}

const valueOf = (e: EvalRow, kind: AgreementKind): Value | null => (kind === 'boolean' ? e.passed : kind === 'categorical' ? e.label : e.score);

/** The judge's reasoning from a stored comment: `{reasoning}` (judge verdicts), or the text itself. */
function reasoningOf(comment: string | null): string | null {
  if (comment === null) return null;
  try {
    const parsed = JSON.parse(comment) as unknown;
    if (typeof parsed === 'string') return parsed;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { reasoning?: unknown }).reasoning === 'string') return (parsed as { reasoning: string }).reasoning;
  } catch {
    // Stored as plain text.
  }
  return comment;
}

/** Newest evaluation per trace (listEvals answers newest first), up to AGREEMENT_EVAL_LIMIT read. */
async function newestPerTrace(store: Pick<TraceReadStore, 'listEvals'>, projectId: string, filter: Omit<EvalFilter, 'page' | 'page_size'>): Promise<Map<string, EvalRow>> {
  const byTrace = new Map<string, EvalRow>();
  for (let page = 1; (page - 1) * PAGE < AGREEMENT_EVAL_LIMIT; page++) {
    const { rows } = await store.listEvals(projectId, { ...filter, page, page_size: PAGE });
    for (const row of rows) if (!byTrace.has(row.trace_id)) byTrace.set(row.trace_id, row);
    if (rows.length < PAGE) break;
  }
  return byTrace;
}

const round = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10_000) / 10_000);

/** Agreement of the judge scores named `name` with the human scores of the same name. */
export async function judgeAgreement(store: Pick<TraceReadStore, 'listEvals'>, projectId: string, name: string, q: AgreementQuery): Promise<AgreementView> {
  const judged = await newestPerTrace(store, projectId, { eval_name: name, sources: q.source, from: q.from, to: q.to });
  const human = await newestPerTrace(store, projectId, { eval_name: name, sources: ['human'] });
  const both = [...judged.values()].flatMap((j) => {
    const h = human.get(j.trace_id);
    return h ? [{ j, h }] : [];
  });
  const humans = both.map((p) => p.h);
  const kind: AgreementKind = q.kind ?? (humans.length > 0 && humans.every((h) => h.passed !== null) ? 'boolean' : humans.length > 0 && humans.every((h) => h.label !== null) ? 'categorical' : humans.length > 0 ? 'numeric' : 'boolean');
  const pairs = both.flatMap(({ j, h }) => {
    const a = valueOf(j, kind);
    const b = valueOf(h, kind);
    return a === null || b === null ? [] : [{ j, h, a, b }];
  });
  const differ = (a: Value, b: Value) => (kind === 'numeric' ? Math.abs((a as number) - (b as number)) > 1e-9 : a !== b);
  const disagreeing = pairs.filter((p) => differ(p.a, p.b));
  const view: AgreementView = {
    evaluator: name, kind, sources: q.source, pairs: pairs.length, judge_only: judged.size - both.length, skipped: both.length - pairs.length,
    observed_agreement: null, kappa: null, pearson: null, mae: null, confusion: null,
    disagreements: disagreeing.slice(0, q.limit).map(({ j, h, a, b }): AgreementDisagreement => ({
      trace_id: j.trace_id, judge: a, human: b, judge_source: j.source, judge_reasoning: reasoningOf(j.comment), human_comment: reasoningOf(h.comment),
      judge_time: microsToIso(j.eval_time), human_time: microsToIso(h.eval_time),
    })),
    disagreements_total: disagreeing.length,
  };
  if (kind === 'numeric') {
    const xs = pairs.map((p) => p.a as number);
    const ys = pairs.map((p) => p.b as number);
    if (pairs.length > 0) view.mae = round(mean(pairs.map((p) => Math.abs((p.a as number) - (p.b as number)))));
    if (pairs.length >= 2) view.pearson = round(sampleCorrelation(xs, ys));
    return view;
  }
  const labelled = pairs.map((p) => [String(p.a), String(p.b)] as const);
  const { kappa, observed } = cohensKappa(labelled);
  return { ...view, kappa: round(kappa), observed_agreement: round(observed), confusion: pairs.length ? confusionMatrix(labelled) : null };
}

/** The figure `judge_agreement` alert rules watch (alerts/alert-figures.ts): kappa, or Pearson's r for numeric scores. */
export function createJudgeAgreementSource(store: Pick<TraceReadStore, 'listEvals'>, now: () => number) {
  return {
    async agreementFigure(projectId: string, evaluator: string, windowMinutes: number) {
      const view = await judgeAgreement(store, projectId, evaluator, { from: now() - windowMinutes * 60_000_000, source: [...JUDGE_SOURCES], limit: 0 });
      return { value: view.kind === 'numeric' ? view.pearson : view.kappa, pairs: view.pairs };
    },
  };
}
