/** The dashboard's KPI cards: traces, error rate, latency, tokens, cost, open spans, decisions, eval pass rate, LangGraph runs. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { StatsOverview } from '@tracehub/core';
import { formatCost, formatDuration, formatNumber, formatPercent } from '../../../shared/format';

function Card({ label, value, sub, to, tone, title }: { label: string; value: string; sub?: string; to?: string; tone?: 'bad' | 'ok'; title?: string }) {
  const body = (
    <>
      <div className="kpi-label">{label}</div>
      <div className={`kpi-value${tone ? ` tone-${tone}` : ''}`} title={title}>
        {value}
      </div>
      {sub && <div className="kpi-sub muted">{sub}</div>}
    </>
  );
  return to ? (
    <Link className="kpi card" to={to}>
      {body}
    </Link>
  ) : (
    <div className="kpi card">{body}</div>
  );
}

/** Nine cards over one overview answer. */
export function KpiCards({ data }: { data: StatsOverview }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const actions = Object.entries(data.decisions.by_action).sort((a, b) => b[1] - a[1]);
  // The trace list over the same window and filters, so a card's count is the list's.
  const list = (extra: Record<string, string> = {}) =>
    `/traces?${new URLSearchParams({
      from: data.window.from,
      to: data.window.to,
      ...(data.filters.environment && { environment: data.filters.environment }),
      ...(data.filters.name && { name: data.filters.name }),
      ...extra,
    })}`;
  return (
    <div className="kpi-grid" data-testid="kpi-cards">
      <Card label={t('dashboard.kpi.traces')} value={n(data.traces.total)} sub={t('dashboard.kpi.tracesSub', { ok: n(data.traces.success), running: n(data.traces.running) })} to={list()} />
      <Card
        label={t('dashboard.kpi.errorRate')}
        value={formatPercent(data.traces.error_rate)}
        sub={t('dashboard.kpi.errorsSub', { n: n(data.traces.error) })}
        tone={data.traces.error_rate > 0.05 ? 'bad' : undefined}
        to={list({ status: 'error' })}
      />
      <Card label={t('dashboard.kpi.latencyP50')} value={formatDuration(data.latency_ms.p50)} sub={`p90 ${formatDuration(data.latency_ms.p90)}`} />
      <Card label={t('dashboard.kpi.latencyP95')} value={formatDuration(data.latency_ms.p95)} sub={`p99 ${formatDuration(data.latency_ms.p99)}`} />
      <Card label={t('dashboard.kpi.tokens')} value={n(data.tokens.total)} sub={t('dashboard.kpi.tokensSub', { input: n(data.tokens.input), output: n(data.tokens.output) })} />
      {/* Traces with unpriced spans make the cost a lower bound: "≥ $X" and "traces without prices: N". */}
      <Card
        label={t('dashboard.kpi.cost')}
        value={data.cost.unpriced_traces > 0 ? t('dashboardPanels.cost.lowerBound', { cost: formatCost(data.cost.total) }) : formatCost(data.cost.total)}
        sub={data.cost.unpriced_traces > 0 ? t('dashboardPanels.cost.unpriced', { n: n(data.cost.unpriced_traces) }) : undefined}
        title={data.cost.unpriced_traces > 0 ? t('dashboardPanels.cost.unpricedTitle') : undefined}
      />
      <Card
        label={t('dashboard.kpi.openSpans')}
        value={n(data.traces.open_span_traces)}
        sub={t('dashboard.kpi.openSpansSub')}
        to={list({ has_open_spans: 'true' })}
        tone={data.traces.open_span_traces > 0 ? 'bad' : undefined}
      />
      <div className="kpi card">
        <div className="kpi-label">{t('dashboard.kpi.decisions')}</div>
        <div className="kpi-value">{n(data.decisions.total)}</div>
        <div className="kpi-sub">
          {actions.length === 0 && <span className="muted">{t('dashboard.kpi.noDecisions')}</span>}
          {actions.map(([action, count]) => (
            <Link key={action} to={list({ decision: action })} className="decision-chip">
              {action} <b>{n(count)}</b>
            </Link>
          ))}
        </div>
      </div>
      <Card
        label={t('dashboard.kpi.evalPassRate')}
        value={formatPercent(data.evals.pass_rate)}
        sub={t('dashboard.kpi.evalsSub', { passed: n(data.evals.passed), total: n(data.evals.total) })}
        tone={data.evals.pass_rate != null && data.evals.pass_rate < 0.8 ? 'bad' : data.evals.pass_rate != null ? 'ok' : undefined}
      />
      <Card label={t('dashboard.kpi.langgraphRuns')} value={n(data.langgraph_runs)} sub={t('dashboard.kpi.langgraphSub')} />
    </div>
  );
}
