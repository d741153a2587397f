/**
 * analysis/analysis.json and analysis/analysis.md (seed 004 `analysis/`): what a finished run says
 * about itself, derived from its records and metrics with no model call — every failed case with each
 * evaluator's reasoning, per-evaluator and per-group breakdowns, the worst items, and where the
 * evaluators disagree on the same item.
 */
import { mean } from 'simple-statistics';
import type { ItemRecord } from '../experiment-types.js';
import { evaluatedSources, type RunDescription } from '../runner/run-description.js';
import { isErrored, recordsByGroup, type MetricsJson } from './metrics.js';
import { cell, failedCase, percent, table } from './report-markdown.js';
import { translator, type ReportLang } from './report-lang.js';

/** One evaluator's verdict on one item, with its reasoning. */
export interface AnalysisVerdict {
  evaluator: string;
  status: 'ok' | 'error' | 'skipped';
  score: number | null;
  /** null when the evaluator skipped the item. */
  passed: boolean | null;
  reasoning: string;
  failed_items: string[];
  suggestions: string[];
}

/** A failed item (dataset item × repetition) and why it failed. */
export interface AnalysisFailedCase {
  key: string;
  item_id: string;
  repetition: number;
  score: number | null;
  status: 'ok' | 'error';
  error: string | null;
  trace_id: string | null;
  /** The evaluators that did not pass it (failed or errored). */
  failed_evaluators: string[];
  input: unknown;
  output: string | null;
  expected: unknown;
  metadata: Record<string, unknown>;
  verdicts: AnalysisVerdict[];
}

/** One evaluator over the run, and the check items it failed most often (its comments' failed_items). */
export interface AnalysisEvaluator {
  name: string;
  type: string;
  weight: number;
  threshold: number | null;
  mean: number | null;
  pass_rate: number | null;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  most_failed: Array<{ item: string; count: number }>;
}

/** One value of a group-by field: its items, pass rate, mean score and each evaluator's pass rate. */
export interface AnalysisGroup {
  field: string;
  value: string;
  items: number;
  passed: number;
  failed: number;
  errors: number;
  pass_rate: number;
  mean_score: number;
  evaluator_pass_rates: Record<string, number | null>;
}

/** Two evaluators over the items both scored. */
export interface AnalysisPairAgreement {
  evaluators: [string, string];
  compared: number;
  agree: number;
  /** The first passed, the second failed. */
  first_only_passed: number;
  /** The second passed, the first failed. */
  second_only_passed: number;
  agreement_rate: number | null;
}

/** The analysis.json document. */
export interface AnalysisJson {
  run_id: string;
  experiment_name: string;
  dataset: ReturnType<typeof evaluatedSources>['dataset'];
  prompt: ReturnType<typeof evaluatedSources>['prompt'];
  model: { provider: string; model: string; model_version: string | null };
  counts: MetricsJson['counts'];
  pass_rate: number | null;
  evaluators: AnalysisEvaluator[];
  groups: AnalysisGroup[];
  /** The lowest-scoring items that failed or scored below 1 (up to WORST_ITEMS), lowest first. */
  worst_items: Array<{ key: string; item_id: string; score: number | null; passed: boolean; status: 'ok' | 'error'; failed_evaluators: string[] }>;
  disagreement: {
    pairs: AnalysisPairAgreement[];
    /** Items some evaluators passed and others failed. */
    items: Array<{ key: string; item_id: string; passed_by: string[]; failed_by: string[] }>;
  };
  failed_cases: AnalysisFailedCase[];
}

/** How many worst items and most-failed check items the analysis lists. */
export const WORST_ITEMS = 10;
const MOST_FAILED = 5;

const round = (value: number) => Math.round(value * 1e6) / 1e6;
const rate = (part: number, whole: number) => (whole ? round(part / whole) : null);
/** An evaluator's verdict counts for agreement only when it scored the item (not errored or skipped). */
const scored = (record: ItemRecord, evaluator: string) => (record.scores[evaluator]?.status === 'ok' ? record.scores[evaluator] : undefined);
const failedEvaluators = (record: ItemRecord) => Object.entries(record.scores).filter(([, s]) => s.status !== 'skipped' && !s.passed).map(([name]) => name);

function evaluatorBreakdown(run: RunDescription, metrics: MetricsJson, records: ItemRecord[]): AnalysisEvaluator[] {
  return run.evaluators.map((e) => {
    const m = metrics.per_axis[e.name];
    const counts = new Map<string, number>();
    for (const record of records) {
      const s = record.scores[e.name];
      if (!s || s.status === 'skipped' || s.passed) continue;
      for (const item of s.comment.failed_items) counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    const mostFailed = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, MOST_FAILED);
    return {
      name: e.name, type: e.type, weight: e.weight, threshold: e.threshold, mean: m?.mean ?? null, pass_rate: m?.pass_rate ?? null,
      passed: m?.passed ?? 0, failed: m?.failed ?? 0, errors: m?.errors ?? 0, skipped: m?.skipped ?? 0,
      most_failed: mostFailed.map(([item, count]) => ({ item, count })),
    };
  });
}

function groupBreakdown(run: RunDescription, records: ItemRecord[]): AnalysisGroup[] {
  const groups: AnalysisGroup[] = [];
  for (const field of run.groupBy) {
    for (const [value, members] of recordsByGroup(records, field)) {
      const passed = members.filter((r) => r.passed).length;
      groups.push({
        field, value, items: members.length, passed, failed: members.length - passed,
        errors: members.filter(isErrored).length,
        pass_rate: round(passed / members.length), mean_score: round(mean(members.map((r) => r.score ?? 0))),
        evaluator_pass_rates: Object.fromEntries(
          run.evaluators.map((e) => {
            const verdicts = members.map((r) => r.scores[e.name]).filter((s) => s && s.status !== 'skipped');
            return [e.name, rate(verdicts.filter((s) => s.passed).length, verdicts.length)];
          }),
        ),
      });
    }
  }
  return groups;
}

function disagreement(run: RunDescription, records: ItemRecord[]): AnalysisJson['disagreement'] {
  const names = run.evaluators.map((e) => e.name);
  const pairs: AnalysisPairAgreement[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      let compared = 0;
      let agree = 0;
      let firstOnly = 0;
      let secondOnly = 0;
      for (const record of records) {
        const a = scored(record, names[i]);
        const b = scored(record, names[j]);
        if (!a || !b) continue;
        compared++;
        if (a.passed === b.passed) agree++;
        else if (a.passed) firstOnly++;
        else secondOnly++;
      }
      pairs.push({ evaluators: [names[i], names[j]], compared, agree, first_only_passed: firstOnly, second_only_passed: secondOnly, agreement_rate: rate(agree, compared) });
    }
  }
  const items = records
    .map((r) => {
      const verdicts = names.map((name) => [name, scored(r, name)] as const).filter(([, s]) => s);
      return { key: r.key, item_id: r.item_id, passed_by: verdicts.filter(([, s]) => s!.passed).map(([n]) => n), failed_by: verdicts.filter(([, s]) => !s!.passed).map(([n]) => n) };
    })
    .filter((d) => d.passed_by.length && d.failed_by.length);
  return { pairs, items };
}

/** Builds analysis.json from a finished run's records and metrics. */
export function buildAnalysis(run: RunDescription, metrics: MetricsJson, records: ItemRecord[]): AnalysisJson {
  const sources = evaluatedSources(run);
  const worst = records.filter((r) => !r.passed || (r.score ?? 0) < 1).sort((a, b) => (a.score ?? 0) - (b.score ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, WORST_ITEMS);
  return {
    run_id: run.runId,
    experiment_name: run.name,
    dataset: sources.dataset,
    prompt: sources.prompt,
    model: { provider: run.model.provider, model: run.model.model, model_version: run.model.model_version },
    counts: metrics.counts,
    pass_rate: metrics.pass_rate,
    evaluators: evaluatorBreakdown(run, metrics, records),
    groups: groupBreakdown(run, records),
    worst_items: worst.map((r) => ({ key: r.key, item_id: r.item_id, score: r.score, passed: r.passed, status: r.status, failed_evaluators: failedEvaluators(r) })),
    disagreement: disagreement(run, records),
    failed_cases: records
      .filter((r) => !r.passed)
      .map((r) => ({
        key: r.key, item_id: r.item_id, repetition: r.repetition, score: r.score, status: r.status, error: r.error, trace_id: r.trace_id,
        failed_evaluators: failedEvaluators(r), input: r.input, output: r.output, expected: r.expected, metadata: r.metadata,
        verdicts: Object.entries(r.scores).map(([evaluator, s]) => ({
          evaluator, status: s.status, score: s.score, passed: s.passed, reasoning: s.comment.reasoning, failed_items: s.comment.failed_items, suggestions: s.comment.suggestions,
        })),
      })),
  };
}

/**
 * Renders analysis.md in `lang`: the analysis as tables, then every failed case the way report.md
 * shows them (input, output, expectation, each evaluator's reasoning).
 */
export function renderAnalysisMarkdown(run: RunDescription, analysis: AnalysisJson, records: ItemRecord[], lang: ReportLang = 'en'): string {
  const t = translator(lang);
  const list = (values: string[]) => values.join(', ') || '—';
  const evaluators = table(
    ['evaluator', 'type', 'mean', 'pass rate', 'passed', 'failed', 'errors', 'skipped', 'most failed checks'],
    analysis.evaluators.map((e) => [
      e.name, e.type, e.mean, percent(e.pass_rate), e.passed, e.failed, e.errors, e.skipped, list(e.most_failed.map((m) => `${m.item} (${m.count})`)),
    ]),
    t,
  );
  const fields = [...new Set(analysis.groups.map((g) => g.field))];
  const groups = fields.map((field) => {
    const rows = analysis.groups.filter((g) => g.field === field);
    const names = analysis.evaluators.map((e) => e.name);
    const header = ['value', 'items', 'passed', 'failed', 'errors', 'pass rate', 'mean score'].map(t).concat(names.map((n) => `${n} ${t('pass rate')}`));
    return `**${cell(field)}**\n\n${table(
      header,
      rows.map((g) => [g.value, g.items, g.passed, g.failed, g.errors, percent(g.pass_rate), g.mean_score, ...names.map((n) => percent(g.evaluator_pass_rates[n] ?? null))]),
      (word) => word,
    )}`;
  });
  const worst = table(
    ['key', 'score', 'result', 'failed evaluators'],
    analysis.worst_items.map((w) => [w.key, w.score, w.status === 'error' ? t('error') : t(w.passed ? 'pass' : 'FAIL'), list(w.failed_evaluators)]),
    t,
  );
  const pairs = table(
    ['evaluators', 'compared', 'agreement', 'only the first passed', 'only the second passed'],
    analysis.disagreement.pairs.map((p) => [p.evaluators.join(' / '), p.compared, percent(p.agreement_rate), p.first_only_passed, p.second_only_passed]),
    t,
  );
  const disagreeing = table(
    ['key', 'passed by', 'failed by'],
    analysis.disagreement.items.map((d) => [d.key, list(d.passed_by), list(d.failed_by)]),
    t,
  );
  const failedKeys = new Set(analysis.failed_cases.map((f) => f.key));
  const failed = records.filter((r) => failedKeys.has(r.key));
  const c = analysis.counts;
  return [
    `# ${t('Analysis')}: ${run.name}`,
    '',
    `${t('items')}: ${c.items}; ${t('passed')}: ${c.passed} (${percent(analysis.pass_rate)}); ${t('failed')}: ${c.failed}; ${t('errors')}: ${c.errors}`,
    '',
    `## ${t('Evaluators')}`,
    '',
    evaluators,
    '',
    ...(groups.length ? [`## ${t('By group')}`, '', ...groups.flatMap((g) => [g, ''])] : []),
    `## ${t('Worst items')}`,
    '',
    analysis.worst_items.length ? worst : '—',
    '',
    `## ${t('Evaluator disagreement')}`,
    '',
    analysis.disagreement.pairs.length ? pairs : t('Only one evaluator; nothing to compare.'),
    '',
    ...(analysis.disagreement.items.length ? [`### ${t('Items the evaluators disagree on')} (${analysis.disagreement.items.length})`, '', disagreeing, ''] : []),
    `## ${t('Failed cases')} (${failed.length})`,
    '',
    failed.length ? failed.map((r) => failedCase(r, run, t)).join('\n') : t('Every case passed.'),
    '',
  ].join('\n');
}
