/** report.xlsx: Summary, Evaluators, Items and Failures sheets (write-excel-file). */
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import type { ItemRecord } from '../experiment-types.js';
import type { RunDescription } from '../runner/run-description.js';
import type { MetricsJson } from './metrics.js';

const MAX_CELL = 32_000;
type CellValue = string | number | boolean | null;

const value = (v: unknown): CellValue => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
};

const sheet = (header: string[], rows: unknown[][]): SheetData => [
  header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
  ...rows.map((r) => r.map((v) => ({ value: value(v) }) as { value: CellValue })),
] as SheetData;

/** Writes report.xlsx to `file`. */
export async function writeReportXlsx(file: string, run: RunDescription, metrics: MetricsJson, records: ItemRecord[]): Promise<void> {
  const summary = sheet(['field', 'value'], [
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
  ]);
  const evaluators = sheet(
    ['evaluator', 'type', 'weight', 'threshold', 'mean', 'median', 'p50', 'p90', 'pass rate', 'passed', 'failed', 'errors', 'skipped'],
    run.evaluators.map((e) => {
      const m = metrics.per_axis[e.name];
      return [e.name, e.type, e.weight, e.threshold, m?.mean, m?.median, m?.p50, m?.p90, m?.pass_rate, m?.passed, m?.failed, m?.errors, m?.skipped];
    }),
  );
  const axes = run.evaluators.map((e) => e.name);
  const items = sheet(
    ['key', 'item_id', 'repetition', 'status', 'passed', 'score', ...axes, 'latency_ms', 'cost', 'input', 'output', 'error', 'trace_id'],
    records.map((r) => [r.key, r.item_id, r.repetition, r.status, r.passed, r.score, ...axes.map((a) => r.scores[a]?.score ?? null), r.latency_ms, r.cost, r.input, r.output, r.error, r.trace_id]),
  );
  const failures = sheet(
    ['key', 'evaluator', 'status', 'score', 'reasoning', 'failed items', 'suggestions'],
    records.flatMap((r) =>
      r.status === 'error'
        ? [[r.key, '(model call)', 'error', null, r.error, '', '']]
        : Object.entries(r.scores)
            .filter(([, s]) => s.status === 'error' || s.passed === false)
            .map(([name, s]) => [r.key, name, s.status, s.score, s.comment.reasoning, s.comment.failed_items.join('; '), s.comment.suggestions.join('; ')]),
    ),
  );
  await writeXlsxFile([
    { data: summary, sheet: 'Summary' },
    { data: evaluators, sheet: 'Evaluators' },
    { data: items, sheet: 'Items' },
    { data: failures, sheet: 'Failures' },
  ]).toFile(file);
}
