/** One test's results: volume and sample-ratio check, the verdict, and every metric with its intervals. */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { AB_LOWER_IS_BETTER, type AbFixedMetric, type AbInterval, type AbResultsView } from '@tracehub/core';
import { DataTable } from '../../../shared/components/DataTable';
import { QueryView } from '../../../shared/components/QueryView';
import { formatNumber } from '../../../shared/format';
import { useAbResults } from '../api';


/** A metric's name in the UI's language. */
export function metricLabel(t: TFunction, metric: string): string {
  return metric.startsWith('eval:') ? t('abTests.metrics.eval', { name: metric.slice(5) }) : t(`abTests.metrics.${metric as AbFixedMetric}`);
}

/** Rates as percentages (differences in points), other figures as numbers. */
function useFormat() {
  const { i18n } = useTranslation();
  const value = (v: number | null, metric: string, signed = false) => {
    if (v === null) return '—';
    const sign = signed && v > 0 ? '+' : '';
    return metric.endsWith('_rate') ? `${sign}${formatNumber(v * 100, i18n.language, 1)}%` : `${sign}${formatNumber(v, i18n.language, 4)}`;
  };
  const interval = (i: AbInterval | undefined, metric: string, signed = false) =>
    !i ? '' : i.low === null || i.high === null ? value(i.estimate, metric, signed) : `${value(i.estimate, metric, signed)} [${value(i.low, metric, signed)}, ${value(i.high, metric, signed)}]`;
  return { value, interval };
}

/** The verdict lines, composed here from the figures so they read in the UI's language (also the dashboard's A/B panel). */
export function useVerdictLines(r: AbResultsView | undefined): string[] {
  const { t, i18n } = useTranslation();
  const { interval } = useFormat();
  if (!r) return [];
  const metric = r.test.primary_metric;
  const confidence = formatNumber((1 - r.alpha) * 100, i18n.language, 1);
  const lines: string[] = [];
  if (r.srm.mismatch) lines.push(t('abTests.verdict.srm'));
  for (const v of r.variants.slice(1)) {
    const seq = v.metrics.find((m) => m.metric === metric)?.difference?.sequential;
    const excludesZero = seq && seq.low !== null && seq.high !== null && (seq.low > 0 || seq.high < 0);
    if (seq && excludesZero && seq.estimate !== null) {
      const better = seq.estimate > 0 !== AB_LOWER_IS_BETTER.includes(metric);
      lines.push(t(better ? 'abTests.verdict.better' : 'abTests.verdict.worse', { variant: v.key, control: r.test.control, metric: metricLabel(t, metric), interval: interval(seq, metric, true), confidence }));
    } else if (r.units_needed !== null) {
      const unit = t(`abTests.unitWords.${r.test.unit}`);
      lines.push(t('abTests.verdict.noDifference', { variant: v.key, metric: metricLabel(t, metric), number: formatNumber(r.units_needed, i18n.language), unit, lift: formatNumber(r.test.minimum_lift * 100, i18n.language, 1) }));
    } else lines.push(t('abTests.verdict.notEnough', { variant: v.key, metric: metricLabel(t, metric) }));
    for (const g of r.test.guardrail_metrics) {
      const d = v.metrics.find((m) => m.metric === g)?.difference?.sequential;
      if (d && d.low !== null && d.high !== null && d.estimate !== null && (d.low > 0 || d.high < 0) && d.estimate > 0 === AB_LOWER_IS_BETTER.includes(g)) {
        lines.push(t('abTests.verdict.guardrail', { variant: v.key, metric: metricLabel(t, g), interval: interval(d, g, true) }));
      }
    }
  }
  return lines;
}

function Verdict({ r }: { r: AbResultsView }) {
  const lines = useVerdictLines(r);
  return (
    <div className="stack" data-testid="ab-verdict">
      {lines.map((line) => (
        <p key={line} className={r.srm.mismatch ? 'form-error' : undefined}>
          <strong>{line}</strong>
        </p>
      ))}
    </div>
  );
}

function Results({ r }: { r: AbResultsView }) {
  const { t, i18n } = useTranslation();
  const { interval } = useFormat();
  const ordered = [r.test.primary_metric, ...r.test.guardrail_metrics];
  const metrics = [...ordered, ...(r.variants[0]?.metrics.map((m) => m.metric).filter((m) => !ordered.includes(m)) ?? [])];
  const rows = metrics.flatMap((metric) => r.variants.map((v) => ({ metric, variant: v.key, result: v.metrics.find((m) => m.metric === metric) })));
  return (
    <section className="stack" data-testid="ab-results">
      <Verdict r={r} />
      <p className="muted">
        {t('abTests.readSummary', { number: formatNumber(r.traces_read, i18n.language) })} {r.truncated ? t('abTests.truncated') : ''}{' '}
        {t(r.srm.mismatch ? 'abTests.srmMismatch' : 'abTests.srmOk', { p: r.srm.p_value === null ? '—' : formatNumber(r.srm.p_value, i18n.language, 4) })}
      </p>
      <DataTable
        testId="ab-variants"
        rows={r.variants}
        rowKey={(v) => v.key}
        columns={[
          { id: 'variant', header: t('abTests.variant'), cell: (v) => (v.key === r.test.control ? `${v.key} (${t('abTests.control')})` : v.key) },
          { id: 'units', header: t(`abTests.units.${r.test.unit}`), cell: (v) => formatNumber(v.units, i18n.language) },
          { id: 'traces', header: t('abTests.traces'), cell: (v) => formatNumber(v.traces, i18n.language) },
          { id: 'share', header: t('abTests.share'), cell: (v) => `${formatNumber(v.observed_share * 100, i18n.language, 1)}% / ${formatNumber(v.expected_share * 100, i18n.language, 1)}%` },
          { id: 'p50', header: t('abTests.latencyP50'), cell: (v) => interval(v.latency_p50_ms, 'latency_ms') },
          { id: 'p95', header: t('abTests.latencyP95'), cell: (v) => interval(v.latency_p95_ms, 'latency_ms') },
        ]}
      />
      <DataTable
        testId="ab-metrics"
        rows={rows}
        rowKey={(row) => `${row.metric}|${row.variant}`}
        columns={[
          { id: 'metric', header: t('abTests.metric'), cell: (row) => (row.metric === r.test.primary_metric ? `${metricLabel(t, row.metric)} ★` : metricLabel(t, row.metric)) },
          { id: 'variant', header: t('abTests.variant'), cell: (row) => row.variant },
          { id: 'n', header: 'n', cell: (row) => formatNumber(row.result?.n ?? 0, i18n.language) },
          { id: 'value', header: t('abTests.valueCi'), cell: (row) => interval(row.result?.value, row.metric) },
          { id: 'diff', header: t('abTests.differenceCi'), cell: (row) => interval(row.result?.difference, row.metric, true) },
          { id: 'p', header: t('abTests.pValue'), cell: (row) => (row.result?.difference?.p_value == null ? '' : formatNumber(row.result.difference.p_value, i18n.language, 4)) },
          { id: 'seq', header: t('abTests.sequentialCi'), cell: (row) => interval(row.result?.difference?.sequential, row.metric, true) },
        ]}
      />
      <p className="muted">{t('abTests.sequentialHint')}</p>
    </section>
  );
}

/** The results of the test `testId`. */
export function AbResults({ testId }: { testId: string }) {
  const results = useAbResults(testId);
  return <QueryView query={results}>{(r) => <Results r={r} />}</QueryView>;
}
