/** One trace: summary, input/output, span tree with waterfall, the selected span, and trace-wide tabs. */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { scoresBySpan } from '../../../shared/components/scores';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { Tabs } from '../../../shared/components/Tabs';
import { formatPercent } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { useTraceDetail } from '../api';
import { allSpans, initiallyCollapsed, isLangGraphSpan, parentIds } from '../span-rows';
import { AddToDatasetDialog } from './AddToDatasetDialog';
import { AddToQueueDialog } from '../../annotation-queues';
import { AmendmentsPanel } from './AmendmentsPanel';
import { DecisionsPanel } from './DecisionsPanel';
import { EvalsPanel } from './EvalsPanel';
import { EventsTimeline } from './EventsTimeline';
import { LangGraphPanel } from './LangGraphPanel';
import { SpanDetail } from './SpanDetail';
import { SpanTree } from './SpanTree';
import { TraceSummary } from './TraceSummary';

type Tab = 'timeline' | 'amendments' | 'evals' | 'decisions' | 'langgraph';

/** The page; `?span=` selects a span and `?tab=` a tab, so links can point at them. */
export function TraceDetailPage() {
  const { t } = useTranslation();
  const { traceId = '' } = useParams();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const detail = useTraceDetail(traceId);
  const { canWrite } = usePermissions();
  const loaded = detail.data;
  const spans = useMemo(() => (loaded ? allSpans(loaded.spans) : []), [loaded]);
  const spanNames = useMemo(() => new Map(spans.map((s) => [s.span_id, s.name])), [spans]);
  const langgraph = useMemo(() => spans.filter(isLangGraphSpan), [spans]);
  const spanScores = useMemo(() => scoresBySpan(loaded?.evals ?? []), [loaded]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (loaded) setCollapsed(initiallyCollapsed(loaded.spans, loaded.span_count));
  }, [loaded]);

  const selectedId = params.get('span') ?? spans[0]?.span_id ?? null;
  const selected = spans.find((s) => s.span_id === selectedId) ?? null;
  const select = (spanId: string) => setParams((p) => (p.set('span', spanId), p), { replace: true });
  const tab = (params.get('tab') as Tab | null) ?? (langgraph.length ? 'langgraph' : 'timeline');
  const setTab = (next: Tab) => setParams((p) => (p.set('tab', next), p), { replace: true });
  const back = (location.state as { from?: string } | null)?.from ?? '/traces';

  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} notFound={{ kind: 'trace', listPath: '/traces', searchPath: `/traces?search=${encodeURIComponent(traceId)}` }} />;
  const data = detail.data;
  const { trace } = data;
  const decision = trace.decision as { action?: string } | null;
  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="page trace-detail">
      <Link to={back} className="back-link">
        ← {t('detail.back')}
      </Link>
      <PageHeader
        title={
          <>
            {trace.name ?? t('detail.unnamed')} <StatusBadge value={trace.status} /> {decision?.action && <StatusBadge value={decision.action} />}
          </>
        }
        subtitle={<code>{trace.trace_id}</code>}
        actions={
          canWrite ? (
            <>
              <AddToQueueDialog traceIds={[trace.trace_id]} />
              <AddToDatasetDialog traceId={trace.trace_id} spanId={selected?.span_id ?? null} spanName={selected?.name} />
            </>
          ) : undefined
        }
      />
      {trace.status !== 'running' && trace.open_span_count > 0 && (
        <div className="notice trace-warning" role="status" data-testid="open-spans-warning">
          {t('detail.openSpansWarning', { status: t(`status.${trace.status === 'error' ? 'error' : 'success'}`), n: trace.open_span_count, rate: formatPercent(trace.completion_rate, 0) })}
        </div>
      )}
      <section className="card">
        <TraceSummary trace={trace} evals={data.evals} />
        <div className="io-grid">
          <PayloadViewer title={t('detail.traceInput')} value={trace.input_text} />
          <PayloadViewer title={t('detail.traceOutput')} value={trace.output_text} />
        </div>
      </section>
      <div className="detail-grid">
        <section className="card">
          <div className="section-head">
            <h2>{t('detail.spans', { n: data.span_count })}</h2>
            <div className="row">
              <button type="button" className="btn btn-small" onClick={() => setCollapsed(new Set())}>
                {t('detail.expandAll')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setCollapsed(parentIds(spans))}>
                {t('detail.collapseAll')}
              </button>
            </div>
          </div>
          {spans.length === 0 ? (
            <p className="muted">{t('detail.noSpans')}</p>
          ) : (
            <SpanTree key={trace.trace_id} roots={data.spans} spans={spans} timeline={data.timeline} collapsed={collapsed} onToggle={toggle} selected={selected?.span_id ?? null} onSelect={select} spanScores={spanScores} />
          )}
        </section>
        {selected && <SpanDetail key={selected.span_id} span={selected} detail={data} />}
      </div>
      <section className="card">
        <Tabs<Tab>
          items={[
            ...(langgraph.length ? [{ key: 'langgraph' as const, label: t('detail.tabs.langgraph'), count: langgraph.length }] : []),
            { key: 'timeline', label: t('detail.tabs.timeline'), count: data.timeline.length },
            { key: 'amendments', label: t('detail.tabs.amendments'), count: data.amendments.length },
            { key: 'evals', label: t('detail.tabs.evals'), count: data.evals.length },
            { key: 'decisions', label: t('detail.tabs.decisions'), count: data.decisions.length },
          ]}
          active={tab}
          onChange={setTab}
        />
        {tab === 'langgraph' && <LangGraphPanel spans={langgraph} traceStart={trace.start_time} selected={selected?.span_id ?? null} onSelect={select} />}
        {tab === 'timeline' && <EventsTimeline entries={data.timeline} traceStart={trace.start_time} onSelectSpan={select} />}
        {tab === 'amendments' && <AmendmentsPanel amendments={data.amendments} spanNames={spanNames} />}
        {tab === 'evals' && <EvalsPanel evals={data.evals} traceId={trace.trace_id} spanNames={spanNames} />}
        {tab === 'decisions' && <DecisionsPanel decisions={data.decisions} judgeRuns={data.judge_runs} traceId={trace.trace_id} />}
      </section>
    </div>
  );
}
