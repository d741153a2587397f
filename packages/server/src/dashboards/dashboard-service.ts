/**
 * Custom dashboards: saved per project (name, description, widgets), and their data — every widget
 * computed over one window from the stats service (traces, spans, scores, decisions) or the
 * application metric service. The widget shapes and their rules are in @tracehub/core
 * (`dashboardWidgetSchema`).
 */
import { randomUUID } from 'node:crypto';
import {
  dashboardBodySchema,
  dashboardWidgetSchema,
  microsToIso,
  type DashboardDataResponse,
  type DashboardView,
  type DashboardWidget,
  type StatsOverview,
  type WidgetData,
} from '@tracehub/core';
import { z } from 'zod';
import type { DashboardRow, DashboardStore } from '../storage/app-metric-store.js';
import type { StatsQuery } from '@tracehub/core';
import { DomainError, NotFoundError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { defaultStep, parseStep, type AppMetricService } from '../app-metrics/index.js';

const HOUR = 3_600_000_000;
const storedWidgets = z.array(dashboardWidgetSchema);

/** What the dashboard service reads through. */
export interface DashboardServiceDeps {
  store: DashboardStore;
  stats: { overview(projectId: string, query: StatsQuery): Promise<StatsOverview> };
  appMetrics: AppMetricService;
  /** Clock in microseconds. */
  now: () => number;
}

function toView(row: DashboardRow): DashboardView {
  const widgets = storedWidgets.safeParse(JSON.parse(row.widgets));
  return {
    dashboard_id: row.dashboard_id, name: row.name, description: row.description, widgets: widgets.success ? widgets.data : [],
    created_at: microsToIso(row.created_at), updated_at: microsToIso(row.updated_at),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** A window total of `measure` from an overview (spans: over every model). */
function overviewMeasure(o: StatsOverview, source: DashboardWidget['source'], measure: string): number | null {
  const value = (() => {
    switch (`${source}.${measure}`) {
      case 'traces.count': return o.traces.total;
      case 'traces.errors': return o.traces.error;
      case 'traces.error_rate': return o.traces.error_rate;
      case 'traces.latency_p50_ms': return o.latency_ms.p50;
      case 'traces.latency_p95_ms': return o.latency_ms.p95;
      case 'traces.total_tokens': return o.tokens.total;
      case 'traces.input_tokens': return o.tokens.input;
      case 'traces.output_tokens': return o.tokens.output;
      case 'traces.cost': return o.cost.total;
      case 'spans.count': return o.spans.total;
      case 'spans.errors': return o.spans.error;
      case 'spans.total_tokens': return sum(o.models.map((m) => m.total_tokens));
      case 'spans.cost': return round(sum(o.models.map((m) => m.cost ?? 0)));
      case 'scores.count': return o.evals.total;
      case 'scores.passed': return o.evals.passed;
      case 'scores.failed': return o.evals.failed;
      case 'scores.pass_rate': return o.evals.pass_rate;
      case 'decisions.count': return o.decisions.total;
      default: return null;
    }
  })();
  return value ?? null;
}

/** A time series point's `measure` from an overview bucket. */
function bucketMeasure(p: StatsOverview['timeseries'][number], measure: string): number | null {
  switch (measure) {
    case 'count': return p.traces;
    case 'errors': return p.errors;
    case 'error_rate': return p.traces > 0 ? round(p.errors / p.traces) : null;
    case 'latency_p95_ms': return p.latency_p95_ms;
    case 'total_tokens': return p.total_tokens;
    case 'cost': return p.cost;
    default: return null;
  }
}

/** Creates the dashboard service. */
export function createDashboardService(deps: DashboardServiceDeps) {
  const { store, stats, appMetrics, now } = deps;

  async function load(projectId: string, dashboardId: string): Promise<DashboardRow> {
    const row = await store.get(projectId, dashboardId);
    if (!row) throw new NotFoundError(`Dashboard "${dashboardId}" was not found in this project.`);
    return row;
  }

  async function statsWidget(projectId: string, w: DashboardWidget, lastHours: number): Promise<WidgetData> {
    const overview = (environment = w.environment, name = w.trace_name) =>
      stats.overview(projectId, { last_hours: lastHours, environment, name, include_experiments: false });
    const grouped = w.group_by === 'environment' || w.group_by === 'name';
    if (grouped) {
      const values = w.group_values ?? [];
      const overviews = await Promise.all(values.map((v) => (w.group_by === 'environment' ? overview(v) : overview(undefined, v))));
      if (w.kind === 'timeseries') {
        return { id: w.id, series: overviews.map((o, i) => ({ group: values[i], points: o.timeseries.map((p) => ({ time: p.bucket_start, value: w.source === 'spans' ? p.spans : bucketMeasure(p, w.measure) })) })) };
      }
      return { id: w.id, rows: overviews.map((o, i) => ({ group: values[i], value: overviewMeasure(o, w.source, w.measure) })) };
    }
    const o = await overview();
    if (w.kind === 'timeseries') {
      return { id: w.id, series: [{ group: null, points: o.timeseries.map((p) => ({ time: p.bucket_start, value: w.source === 'spans' ? p.spans : bucketMeasure(p, w.measure) })) }] };
    }
    if (w.group_by === 'model') {
      const field = { count: 'spans', errors: 'errors', total_tokens: 'total_tokens', cost: 'cost' } as const;
      return {
        id: w.id,
        rows: o.models.map((m) => ({ group: m.model, value: w.measure === 'latency_p95_ms' ? m.latency_ms.p95 : m[field[w.measure as keyof typeof field]] })),
      };
    }
    if (w.group_by === 'span_type') {
      return { id: w.id, rows: o.spans.by_type.map((t) => ({ group: t.span_type, value: w.measure === 'count' ? t.spans : w.measure === 'errors' ? t.errors : null })) };
    }
    if (w.group_by === 'action') {
      return { id: w.id, rows: Object.entries(o.decisions.by_action).map(([action, n]) => ({ group: action, value: n })) };
    }
    return { id: w.id, rows: [{ group: null, value: overviewMeasure(o, w.source, w.measure) }] };
  }

  async function metricWidget(projectId: string, w: DashboardWidget, lastHours: number): Promise<WidgetData> {
    const metric = w.metric;
    if (!metric) return { id: w.id, error: 'The widget names no metric.' };
    const groupBy = w.group_by?.startsWith('label:') ? w.group_by.slice(6) : undefined;
    const to = now();
    if (w.kind === 'timeseries') {
      const from = to - Math.round(lastHours * HOUR);
      const stepSeconds = w.step ? parseStep(w.step) : defaultStep(from, to);
      const series = await appMetrics.series(projectId, { name: metric.name, from, to, stepSeconds, agg: metric.agg, labels: metric.labels, groupBy });
      return { id: w.id, series: series.map((s) => ({ group: s.group, points: s.points.map((p) => ({ time: microsToIso(p.time), value: p.value })) })) };
    }
    const groups = await appMetrics.aggregateGroups(projectId, { name: metric.name, windowSeconds: lastHours * 3600, agg: metric.agg, labels: metric.labels, groupBy, at: to });
    if (w.kind === 'figure') return { id: w.id, rows: [{ group: null, value: groups[0]?.value ?? null }] };
    return { id: w.id, rows: groups.map((g) => ({ group: g.group, value: g.value })) };
  }

  /** One widget's data; a refused query (e.g. too many buckets) becomes the widget's `error`. */
  async function widgetData(projectId: string, w: DashboardWidget, lastHours: number): Promise<WidgetData> {
    try {
      return w.source === 'metric' ? await metricWidget(projectId, w, lastHours) : await statsWidget(projectId, w, lastHours);
    } catch (error) {
      if (error instanceof DomainError) return { id: w.id, error: error.message };
      throw error;
    }
  }

  return {
    async list(projectId: string): Promise<{ items: DashboardView[] }> {
      return { items: (await store.list(projectId)).map(toView) };
    },
    async get(projectId: string, dashboardId: string): Promise<DashboardView> {
      return toView(await load(projectId, dashboardId));
    },
    async create(projectId: string, body: unknown): Promise<DashboardView> {
      const input = parseWith(dashboardBodySchema, body);
      const at = now();
      const row = await store.create({
        project_id: projectId, dashboard_id: randomUUID(), name: input.name, description: input.description ?? null,
        widgets: JSON.stringify(input.widgets), created_at: at, updated_at: at,
      });
      return toView(row);
    },
    async update(projectId: string, dashboardId: string, body: unknown): Promise<DashboardView> {
      const input = parseWith(dashboardBodySchema, body);
      const row = await store.update(projectId, dashboardId, {
        name: input.name, description: input.description ?? null, widgets: JSON.stringify(input.widgets), updated_at: now(),
      });
      if (!row) throw new NotFoundError(`Dashboard "${dashboardId}" was not found in this project.`);
      return toView(row);
    },
    async remove(projectId: string, dashboardId: string): Promise<void> {
      if (!(await store.remove(projectId, dashboardId))) throw new NotFoundError(`Dashboard "${dashboardId}" was not found in this project.`);
    },
    /** Every widget's data over the last `lastHours` hours. */
    async data(projectId: string, dashboardId: string, lastHours: number): Promise<DashboardDataResponse> {
      const dashboard = toView(await load(projectId, dashboardId));
      const to = now();
      const widgets = await Promise.all(dashboard.widgets.map((w) => widgetData(projectId, w, lastHours)));
      return { from: microsToIso(to - Math.round(lastHours * HOUR)), to: microsToIso(to), widgets };
    },
  };
}

/** The dashboard service. */
export type DashboardService = ReturnType<typeof createDashboardService>;
