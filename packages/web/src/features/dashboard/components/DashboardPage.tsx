/** The dashboard: KPI cards, time series, decisions and the per-model table over a chosen time range. */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { formatTime } from '../../../shared/format';
import { traceSnippets } from '../../../shared/snippets';
import { useOverview } from '../api';
import { KpiCards } from './KpiCards';
import { SpanTypeTable } from './SpanTypeTable';
import { ModelTable } from './ModelTable';
import { RangePicker, RANGES } from './RangePicker';
import { TimeSeriesCharts } from './TimeSeriesCharts';

/** The dashboard page; the range lives in the URL (`?hours=24`). */
export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = Number(params.get('hours'));
  const hours = (RANGES as readonly number[]).includes(requested) ? requested : 24;
  const overview = useOverview(hours);
  const data = overview.data;
  return (
    <div className="page">
      <PageHeader
        title={t('dashboard.title')}
        subtitle={data ? t('dashboard.window', { from: formatTime(data.window.from), to: formatTime(data.window.to) }) : undefined}
        actions={<RangePicker value={hours} onChange={(h) => setParams({ hours: String(h) })} />}
      />
      {overview.isPending ? (
        <Loading />
      ) : overview.error && !data ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : data ? (
        <>
          {data.traces.total === 0 && (
            <EmptyState title={t('dashboard.emptyTitle')} hint={t('dashboard.emptyHint')} snippets={traceSnippets().slice(0, 1)} />
          )}
          <KpiCards data={data} />
          <TimeSeriesCharts series={data.timeseries} hours={hours} />
          <section className="card">
            <h2>{t('dashboard.modelsTitle')}</h2>
            <ModelTable models={data.models} />
          </section>
          <section className="card">
            <h2>{t('dashboard.spanTypesTitle')}</h2>
            <SpanTypeTable types={data.spans.by_type} />
          </section>
        </>
      ) : null}
    </div>
  );
}
