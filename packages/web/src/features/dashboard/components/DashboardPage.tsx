/** The dashboard: KPI cards, time series, decisions, the per-model table, and the alerts and A/B panels over a chosen time range. */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { formatTime } from '../../../shared/format';
import { traceSnippets } from '../../../shared/snippets';
import { useOverview } from '../api';
import { dashboardSearch, readDashboardParams, type DashboardParams } from '../dashboard-params';
import { DashboardFilters } from './DashboardFilters';
import { KpiCards } from './KpiCards';
import { SpanTypeTable } from './SpanTypeTable';
import { ModelTable } from './ModelTable';
import { OutsideNotice } from './OutsideNotice';
import { RangePicker } from './RangePicker';
import { TimeSeriesCharts } from './TimeSeriesCharts';
import { AlertsPanel } from '../../alerts';
import { AbTestsPanel } from '../../ab-tests';

/** The dashboard page; range and filters live in the URL (`?hours=24&environment=prod&name=chat&experiments=include`). */
export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = readDashboardParams(params);
  const update = (next: DashboardParams) => setParams(dashboardSearch(next));
  const overview = useOverview(state);
  const data = overview.data;
  const spanNote = data && !data.filters.span_figures_filtered ? <p className="muted small">{t('dashboard.spanScope')}</p> : null;
  return (
    <div className="page">
      <PageHeader
        title={t('dashboard.title')}
        subtitle={
          data ? `${t('dashboard.window', { from: formatTime(data.window.from, false, true), to: formatTime(data.window.to, false, true) })} · ${t('dashboard.clockRule')}` : undefined
        }
        actions={<RangePicker value={state.hours} onChange={(hours) => update({ ...state, hours })} />}
      />
      <DashboardFilters value={state} onChange={update} />
      {overview.isPending ? (
        <Loading />
      ) : overview.error && !data ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : data ? (
        <>
          <OutsideNotice data={data} hours={state.hours} onWiden={(hours) => update({ ...state, hours })} />
          {data.traces.total === 0 && data.outside.before + data.outside.after === 0 && (
            <EmptyState title={t('dashboard.emptyTitle')} hint={t('dashboard.emptyHint')} snippets={traceSnippets().slice(0, 1)} />
          )}
          <KpiCards data={data} />
          <TimeSeriesCharts series={data.timeseries} hours={state.hours} />
          <section className="card">
            <h2>{t('dashboard.modelsTitle')}</h2>
            {spanNote}
            <ModelTable models={data.models} />
          </section>
          <section className="card">
            <h2>{t('dashboard.spanTypesTitle')}</h2>
            {spanNote}
            <SpanTypeTable types={data.spans.by_type} />
          </section>
          <AlertsPanel />
          <AbTestsPanel />
        </>
      ) : null}
    </div>
  );
}
