/**
 * report.md: a summary, a table per evaluator, scores by group, and every failed case one by one
 * with its input, output, expectation and each evaluator's reasoning (seed 000 Phase 8, seed 001 §6).
 */
import type { ItemRecord } from '../experiment-types.js';
import { describeSources, type RunDescription } from '../runner/run-description.js';
import type { MetricsJson } from './metrics.js';
import { translator, type ReportLang, type Translate } from './report-lang.js';

/** A table cell: numbers rounded, `|` escaped, line breaks as `<br>`. */
export const cell = (value: unknown): string => {
  const text = value === null || value === undefined ? '—' : typeof value === 'number' ? formatNumber(value) : String(value);
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
};

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) < 0.01 ? value.toPrecision(3) : value.toFixed(3);
}

export const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** A markdown table; the header words are translated. */
export function table(header: string[], rows: unknown[][], t: Translate): string {
  return [`| ${header.map(t).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function fence(value: unknown, lang = ''): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const ticks = text.includes('```') ? '~~~~' : '```';
  return `${ticks}${lang}\n${text ?? ''}\n${ticks}`;
}

/** One failed case: input, output, expectation and every evaluator's reasoning. */
export function failedCase(record: ItemRecord, run: RunDescription, t: Translate): string {
  const title = record.repetition > 1 || record.key !== record.item_id ? `${record.item_id} (${t('repetition')} ${record.repetition})` : record.item_id;
  const description = typeof record.metadata?.description === 'string' ? `\n_${record.metadata.description}_\n` : '';
  const link = record.trace_id ? (run.traceHubUrl ? `[${record.trace_id}](${run.traceHubUrl}/traces/${record.trace_id})` : `\`${record.trace_id}\``) : '—';
  const parts = [
    `### ${title}`,
    description,
    `- ${t('overall score')}: ${cell(record.score)}; ${t('status')}: ${record.status}; ${t('trace')}: ${link}`,
    ...(record.error ? [`- ${t('error')}: ${record.error}`] : []),
    '',
    `**${t('Input')}**`,
    '',
    fence(record.input, 'json'),
    '',
    `**${t('Output')}**`,
    '',
    fence(record.output ?? t('(no output)')),
    '',
    `**${t('Expected')}**`,
    '',
    fence(record.expected ?? null, 'json'),
    '',
  ];
  const scored = Object.entries(record.scores);
  if (scored.length) {
    parts.push(
      `**${t('Evaluators')}**`,
      '',
      table(
        ['evaluator', 'score', 'result', 'reasoning', 'failed items', 'suggestions'],
        scored.map(([name, s]) => [
          name,
          s.score,
          s.status === 'ok' ? t(s.passed ? 'pass' : 'FAIL') : s.status.toUpperCase(),
          s.comment.reasoning,
          s.comment.failed_items.join('; '),
          s.comment.suggestions.join('; '),
        ]),
        t,
      ),
      '',
    );
  }
  return parts.join('\n');
}

/** pass@k overall and per evaluator, and the flakiest items (runs that repeat items or ask for pass@k); empty otherwise. */
function repetitionSection(metrics: MetricsJson, t: Translate): string[] {
  if (!metrics.pass_at_k || !metrics.flakiness) return [];
  const byAxis = metrics.pass_at_k_by_axis ?? {};
  const axes = Object.keys(byAxis);
  const passAtK = table(
    ['k', 'pass@k', ...axes],
    Object.entries(metrics.pass_at_k).map(([k, v]) => [k, v, ...axes.map((a) => byAxis[a][k])]),
    t,
  );
  const f = metrics.flakiness;
  const summary = `${t('flaky items')}: ${f.flaky_items} / ${f.items} (${percent(f.flaky_rate)}); ${t('outcomes per item')}: ${f.outcomes_per_item}; ${t('mean flip rate')}: ${cell(f.mean_flip_rate)}`;
  const flakiest = f.flakiest.length
    ? table(['item_id', 'outcomes', 'passed', 'flips', 'flip rate'], f.flakiest.map((i) => [i.item_id, i.outcomes, `${i.passed} / ${i.n}`, i.flips, i.flip_rate]), t)
    : t('No item flipped between repetitions.');
  return [`## ${t('Repetitions and flakiness')}`, '', passAtK, '', summary, '', `**${t('Flakiest items')}**`, '', flakiest, ''];
}

/** Renders report.md in `lang` (headings and labels; names and values as they are). */
export function renderReportMarkdown(run: RunDescription, metrics: MetricsJson, records: ItemRecord[], lang: ReportLang = 'en'): string {
  const t = translator(lang);
  const failed = records.filter((r) => !r.passed);
  const k = run.linkKeys;
  const summary = table(
    ['field', 'value'],
    ([
      ['run_id', run.runId],
      ['dataset', describeSources(run).dataset],
      ['prompt', describeSources(run).prompt],
      ['model', `${run.model.model} via ${run.model.provider}${run.model.base_url ? ` (${run.model.base_url})` : ''}`],
      ['judge', run.judge ? `${run.judge.model} via ${run.judge.provider}` : null],
      ['repetitions', run.repetitions],
      ['items', metrics.counts.items],
      ['passed', `${metrics.counts.passed} (${percent(metrics.pass_rate)})`],
      ['failed', metrics.counts.failed],
      ['errors', metrics.counts.errors],
      ['score mean / median / p50 / p90', [metrics.aggregations.mean, metrics.aggregations.median, metrics.aggregations.p50, metrics.aggregations.p90].map(cell).join(' / ')],
      ['latency p50 / p90 (ms)', `${cell(metrics.latency_ms.p50)} / ${cell(metrics.latency_ms.p90)}`],
      ['tokens in / out', `${metrics.tokens.input} / ${metrics.tokens.output}`],
      ['cost (USD)', `${metrics.cost.total.toFixed(6)} (+ ${metrics.cost.evaluation.toFixed(6)} ${t('judging')})`],
      ['started / finished', `${run.startedAt} / ${run.finishedAt ?? '—'}`],
      ['git', k.git_commit ? `${k.git_branch ?? '?'} @ ${k.git_commit.slice(0, 12)}` : null],
      ['evaluation profile', k.evaluation_profile],
      ['retrieval version', k.retrieval_version],
      ['pipeline version', k.pipeline_version],
    ] as unknown[][]).map(([field, value]) => [t(field as string), value]),
    t,
  );
  const evaluators = table(
    ['evaluator', 'type', 'weight', 'threshold', 'mean', 'p50', 'p90', 'pass rate', 'passed', 'failed', 'errors', 'skipped'],
    run.evaluators.map((e) => {
      const m = metrics.per_axis[e.name];
      return [e.name, e.type, e.weight, e.threshold, m?.mean, m?.p50, m?.p90, percent(m?.pass_rate ?? null), m?.passed, m?.failed, m?.errors, m?.skipped];
    }),
    t,
  );
  const groups = Object.entries(metrics.by_group).map(([field, values]) => `**${field}**\n\n${table(['value', 'mean score'], Object.entries(values), t)}`);
  const sections = [
    `# ${t('Experiment report')}: ${run.name}`,
    '',
    `## ${t('Summary')}`,
    '',
    summary,
    '',
    `## ${t('Evaluators')}`,
    '',
    evaluators,
    '',
    ...(groups.length ? [`## ${t('Scores by group')}`, '', ...groups, ''] : []),
    ...repetitionSection(metrics, t),
    `## ${t('Failed cases')} (${failed.length})`,
    '',
    failed.length ? failed.map((r) => failedCase(r, run, t)).join('\n') : t('Every case passed.'),
    '',
  ];
  return sections.join('\n');
}
