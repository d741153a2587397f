/** One widget's data: a figure, a table of groups, or a time series chart (one line per group). */
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardWidget, WidgetData } from '@tracehub/core';
import { formatNumber } from '../../../shared/format';

const COLORS = ['var(--accent)', 'var(--warn)', 'var(--bad)', 'var(--good)', 'var(--muted)'];

function tick(iso: string, hours: number): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 48 ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The widget card. */
export function WidgetView({ widget, data, hours }: { widget: DashboardWidget; data: WidgetData | undefined; hours: number }) {
  const { t, i18n } = useTranslation();
  const digits = (v: number) => (Number.isInteger(v) ? 0 : 3);
  const show = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v, i18n.language, digits(v)));
  const groupName = (g: string | null) => g ?? t('dashboards.widget.all');
  let body: React.ReactNode;
  if (!data) body = null;
  // The server's reason is in English: shown as the tooltip, the UI language's sentence as the text.
  else if (data.error) body = <p className="muted small" role="alert" title={data.error}>{t('dashboards.widgetError')}</p>;
  else if (widget.kind === 'figure') body = <p className="kpi-value" data-testid="widget-figure">{show(data.rows?.[0]?.value)}</p>;
  else if (widget.kind === 'table') {
    body = (data.rows ?? []).length === 0 ? <p className="muted small">{t('dashboards.noData')}</p> : (
      <table className="table" data-testid="widget-table">
        <thead>
          <tr><th>{t('dashboards.widget.group')}</th><th>{t('dashboards.widget.value')}</th></tr>
        </thead>
        <tbody>
          {(data.rows ?? []).map((r) => (
            <tr key={groupName(r.group)}><td>{groupName(r.group)}</td><td>{show(r.value)}</td></tr>
          ))}
        </tbody>
      </table>
    );
  } else {
    const series = data.series ?? [];
    const byTime = new Map<string, Record<string, number | string | null>>();
    series.forEach((s, i) => {
      for (const p of s.points) {
        const row = byTime.get(p.time) ?? { label: tick(p.time, hours) };
        row[`s${i}`] = p.value;
        byTime.set(p.time, row);
      }
    });
    const rows = [...byTime.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r);
    const hasData = series.some((s) => s.points.some((p) => p.value !== null));
    body = !hasData ? <p className="muted small">{t('dashboards.noData')}</p> : (
      <div className="chart" data-testid="widget-chart">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="label" stroke="var(--muted)" fontSize={11} minTickGap={24} />
            <YAxis stroke="var(--muted)" fontSize={11} width={56} />
            <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }} />
            {series.length > 1 && <Legend />}
            {series.map((s, i) => (
              <Line key={groupName(s.group)} type="monotone" dataKey={`s${i}`} name={groupName(s.group)} stroke={COLORS[i % COLORS.length]} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    );
  }
  return (
    <section className="card chart-card" data-testid="widget" aria-label={widget.title}>
      <h3>{widget.title}</h3>
      <p className="muted small">
        {t(`dashboards.sources.${widget.source}`)} · {widget.source === 'metric' && widget.metric ? `${widget.metric.name} (${t(`dashboards.aggs.${widget.metric.agg}`)})` : t(`dashboards.measures.${widget.measure}` as 'dashboards.measures.count')}
      </p>
      {body}
    </section>
  );
}
