/**
 * report.xlsx: Summary, Evaluators, Items and Failures sheets (write-excel-file), in the report's
 * language, each with a frozen bold header row, columns as wide as their text (up to 60) and long
 * text wrapped.
 */
import stringWidth from 'string-width';
import writeXlsxFile, { type Sheet, type SheetData } from 'write-excel-file/node';
import type { ItemRecord } from '../experiment-types.js';
import type { RunDescription } from '../runner/run-description.js';
import type { MetricsJson } from './metrics.js';
import { translator, type ReportLang } from './report-lang.js';

const MAX_CELL = 32_000;
type CellValue = string | number | boolean | null;

const value = (v: unknown): CellValue => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
};

const MAX_WIDTH = 60;

/** Column width in characters: the widest line of the column (Korean counts double), 8 to 60. */
const widthOf = (texts: string[]) => Math.min(MAX_WIDTH, Math.max(8, ...texts.flatMap((t) => t.split('\n')).map((line) => stringWidth(line) + 2)));

/** A sheet: the bold header row frozen, every column sized to its text, cells wrapped. */
const sheet = (name: string, header: string[], rows: unknown[][]): Sheet<never> => {
  const values = rows.map((r) => r.map(value));
  const data = [
    header.map((h) => ({ value: h, fontWeight: 'bold' as const, wrap: true })),
    ...values.map((r) => r.map((v) => ({ value: v, wrap: true, alignVertical: 'top' as const }))),
  ] as SheetData;
  const columns = header.map((h, i) => ({ width: widthOf([h, ...values.map((r) => (r[i] === null || r[i] === undefined ? '' : String(r[i]).slice(0, 500)))]) }));
  return { data, sheet: name, columns, stickyRowsCount: 1 };
};

/** Writes report.xlsx to `file` in `lang` (sheet names, headers and field names; values as they are). */
export async function writeReportXlsx(file: string, run: RunDescription, metrics: MetricsJson, records: ItemRecord[], lang: ReportLang = 'en'): Promise<void> {
  const t = translator(lang);
  const summary = sheet(t('Summary'), ['field', 'value'].map(t), ([
    ['run_id', run.runId],
    ['experiment', run.name],
    ['dataset', `${run.dataset.name} v${run.dataset.version}`],
    ['dataset sha256', run.dataset.sha256],
    ['prompt', `${run.prompt.name} v${run.prompt.version}`],
    ['model', run.model.model],
    ['provider', run.model.provider],
    ['items', metrics.counts.items],
    ['passed', metrics.counts.passed],
    ['failed', metrics.counts.failed],
    ['errors', metrics.counts.errors],
    ['pass rate', metrics.pass_rate],
    ['score mean', metrics.aggregations.mean],
    ['score median', metrics.aggregations.median],
    ['score p50', metrics.aggregations.p50],
    ['score p90', metrics.aggregations.p90],
    ['cost (USD)', metrics.cost.total],
    ['started', run.startedAt],
    ['finished', run.finishedAt],
  ] as unknown[][]).map(([field, v]) => [t(field as string), v]));
  const evaluators = sheet(
    t('Evaluators'),
    ['evaluator', 'type', 'weight', 'threshold', 'mean', 'median', 'p50', 'p90', 'pass rate', 'passed', 'failed', 'errors', 'skipped'].map(t),
    run.evaluators.map((e) => {
      const m = metrics.per_axis[e.name];
      return [e.name, e.type, e.weight, e.threshold, m?.mean, m?.median, m?.p50, m?.p90, m?.pass_rate, m?.passed, m?.failed, m?.errors, m?.skipped];
    }),
  );
  const axes = run.evaluators.map((e) => e.name);
  const items = sheet(
    t('Items'),
    [...['key', 'item_id', 'repetition', 'status', 'passed', 'score'].map(t), ...axes, ...['latency_ms', 'cost', 'input', 'output', 'error', 'trace_id'].map(t)],
    records.map((r) => [r.key, r.item_id, r.repetition, r.status, r.passed, r.score, ...axes.map((a) => r.scores[a]?.score ?? null), r.latency_ms, r.cost, r.input, r.output, r.error, r.trace_id]),
  );
  const failures = sheet(
    t('Failures'),
    ['key', 'evaluator', 'status', 'score', 'reasoning', 'failed items', 'suggestions'].map(t),
    records.flatMap((r) =>
      r.status === 'error'
        ? [[r.key, t('(model call)'), 'error', null, r.error, '', '']]
        : Object.entries(r.scores)
            .filter(([, s]) => s.status === 'error' || s.passed === false)
            .map(([name, s]) => [r.key, name, s.status, s.score, s.comment.reasoning, s.comment.failed_items.join('; '), s.comment.suggestions.join('; ')]),
    ),
  );
  await writeXlsxFile([summary, evaluators, items, failures]).toFile(file);
}
