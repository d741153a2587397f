/** Time series of the overview: traces and errors, p95 latency, tokens and cost per bucket. */
import { useTranslation } from 'react-i18next';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatsOverview } from '@tracehub/core';

type Point = StatsOverview['timeseries'][number];

function tick(iso: string, hours: number): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 48 ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}h` : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ChartCard({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <div className="card chart-card">
      <h3>{title}</h3>
      <div className="chart">
        <ResponsiveContainer width="100%" height={220}>
          {children}
        </ResponsiveContainer>
      </div>
    </div>
  );
}

/** Four small charts over `series`. */
export function TimeSeriesCharts({ series, hours }: { series: Point[]; hours: number }) {
  const { t } = useTranslation();
  const data = series.map((p) => ({ ...p, label: tick(p.bucket_start, hours) }));
  const axis = { stroke: 'var(--muted)', fontSize: 11 };
  const tooltip = { contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' } };
  return (
    <div className="chart-grid" data-testid="charts">
      <ChartCard title={t('dashboard.charts.traces')}>
        <AreaChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" {...axis} minTickGap={24} />
          <YAxis {...axis} allowDecimals={false} width={40} />
          <Tooltip {...tooltip} />
          <Legend />
          <Area type="monotone" dataKey="traces" name={t('dashboard.charts.tracesSeries')} stroke="var(--accent)" fill="var(--accent)" fillOpacity={0.2} isAnimationActive={false} />
          <Area type="monotone" dataKey="errors" name={t('dashboard.charts.errorsSeries')} stroke="var(--bad)" fill="var(--bad)" fillOpacity={0.25} isAnimationActive={false} />
        </AreaChart>
      </ChartCard>
      <ChartCard title={t('dashboard.charts.latency')}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" {...axis} minTickGap={24} />
          <YAxis {...axis} width={50} />
          <Tooltip {...tooltip} />
          <Line type="monotone" dataKey="latency_p95_ms" name="p95" stroke="var(--warn)" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard title={t('dashboard.charts.tokens')}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" {...axis} minTickGap={24} />
          <YAxis {...axis} width={50} />
          <Tooltip {...tooltip} />
          <Bar dataKey="total_tokens" name={t('dashboard.charts.tokensSeries')} fill="var(--accent-2)" isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title={t('dashboard.charts.cost')}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" {...axis} minTickGap={24} />
          <YAxis {...axis} width={60} />
          <Tooltip {...tooltip} />
          <Line type="stepAfter" dataKey="cost" name={t('dashboard.charts.costSeries')} stroke="var(--ok)" dot={false} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
    </div>
  );
}
