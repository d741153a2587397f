/**
 * Application metrics (points the monitored application reports: OTLP metrics at `/v1/metrics` and
 * `POST /api/v1/metrics/points`), their series query, and custom dashboards with their widgets.
 */
import { z } from 'zod';

/** Metric names: a letter or `_`, then letters, digits, `_ . : / -`; at most 200 characters. */
export const METRIC_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:/-]{0,199}$/;
/** Label keys: a letter or `_`, then letters, digits, `_ . : -`; at most 100 characters. */
export const LABEL_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/;
/** Labels per point. */
export const MAX_METRIC_LABELS = 16;
/** Characters per label value. */
export const MAX_LABEL_VALUE_CHARS = 200;
/** Points per request (JSON endpoint) and data points per OTLP export. */
export const MAX_METRIC_POINTS_PER_REQUEST = 10_000;
/** Buckets one series query may answer. */
export const MAX_SERIES_BUCKETS = 1_000;

const metricName = z.string().regex(METRIC_NAME_PATTERN, 'a metric name: a letter or _, then letters, digits, _ . : / -; at most 200 characters');
const labelKey = z.string().regex(LABEL_KEY_PATTERN, 'a label key: a letter or _, then letters, digits, _ . : -; at most 100 characters');
const labelValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v)).pipe(z.string().max(MAX_LABEL_VALUE_CHARS));
const labels = z.record(labelKey, labelValue).refine((l) => Object.keys(l).length <= MAX_METRIC_LABELS, `at most ${MAX_METRIC_LABELS} labels`);
/** A metric name and a label set, as points carry them (also alert rules over application metrics). */
export const metricNameSchema = metricName;
export const metricLabelsSchema = labels;

/** One point of `POST /api/v1/metrics/points`. `time`: an ISO 8601 string or epoch milliseconds; default now. */
export const metricPointInputSchema = z.object({
  name: metricName,
  value: z.number().refine(Number.isFinite, 'a finite number'),
  time: z.union([z.iso.datetime({ offset: true }), z.number().nonnegative()]).optional(),
  labels: labels.optional(),
  unit: z.string().max(64).optional(),
}).strict();
export type MetricPointInput = z.output<typeof metricPointInputSchema>;

/** The body of `POST /api/v1/metrics/points`: a non-empty array of points, or `{ points: [...] }`. */
export const metricPointsBodySchema = z.preprocess(
  (body) => (body !== null && typeof body === 'object' && !Array.isArray(body) && 'points' in body ? body.points : body),
  z.array(metricPointInputSchema).min(1).max(MAX_METRIC_POINTS_PER_REQUEST),
);

/** How buckets are reduced: mean, sum, minimum, maximum, latest value, or number of points. */
export const METRIC_AGGS = ['avg', 'sum', 'min', 'max', 'last', 'count'] as const;
export type MetricAgg = (typeof METRIC_AGGS)[number];

/** A time: ISO 8601 or epoch milliseconds. */
const queryTime = z.union([z.iso.datetime({ offset: true }), z.coerce.number().nonnegative()]);
/** A step: seconds, or a number with s / m / h / d / w. */
const stepText = z.string().regex(/^\d{1,9}[smhdw]?$/, 'seconds, or a number with s, m, h, d or w (e.g. 1h, 1w)');

/**
 * Query of `GET /api/v1/metrics/series` (label filters come as `label.<key>=<value>` and are read
 * apart). Default window: the last 24 hours; default step: about 60 buckets.
 */
export const metricSeriesQuerySchema = z.object({
  name: metricName,
  from: queryTime.optional(),
  to: queryTime.optional(),
  step: stepText.optional(),
  agg: z.enum(METRIC_AGGS).default('avg'),
  /** A label key: one series per value of it (else every label set merges into one series). */
  group_by: labelKey.optional(),
}).passthrough();
export type MetricSeriesQuery = z.output<typeof metricSeriesQuerySchema>;

/** A point of a series answer. */
export const metricSeriesPointSchema = z.object({ time: z.string(), value: z.number().nullable(), count: z.number() });

/** `GET /api/v1/metrics/series` answer. */
export const metricSeriesResponseSchema = z.object({
  name: z.string(),
  from: z.string(),
  to: z.string(),
  step_seconds: z.number(),
  agg: z.enum(METRIC_AGGS),
  group_by: z.string().nullable(),
  series: z.array(z.object({ group: z.string().nullable(), points: z.array(metricSeriesPointSchema) })),
});
export type MetricSeriesResponse = z.infer<typeof metricSeriesResponseSchema>;

/** `GET /api/v1/metrics` answer: known series (name and label set), most recently reported first. */
export const metricCatalogResponseSchema = z.object({
  items: z.array(z.object({ name: z.string(), labels: z.record(z.string(), z.string()), points: z.number(), last_time: z.string() })),
});
export type MetricCatalogResponse = z.infer<typeof metricCatalogResponseSchema>;

/** What a widget reads. */
export const WIDGET_SOURCES = ['traces', 'spans', 'scores', 'decisions', 'metric'] as const;
export type WidgetSource = (typeof WIDGET_SOURCES)[number];
/** How a widget shows it: one figure, a time series chart, or a table of groups. */
export const WIDGET_KINDS = ['figure', 'timeseries', 'table'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];
/** The measures of each source (`metric`: the aggregate of `metric.agg`). */
export const WIDGET_MEASURES = {
  traces: ['count', 'errors', 'error_rate', 'latency_p50_ms', 'latency_p95_ms', 'total_tokens', 'input_tokens', 'output_tokens', 'cost'],
  spans: ['count', 'errors', 'total_tokens', 'cost', 'latency_p95_ms'],
  scores: ['count', 'passed', 'failed', 'pass_rate'],
  decisions: ['count'],
  metric: ['value'],
} as const satisfies Record<WidgetSource, readonly string[]>;
/** The measures a time series can show per source (the others are window totals). */
export const WIDGET_TIMESERIES_MEASURES: Record<WidgetSource, readonly string[]> = {
  traces: ['count', 'errors', 'error_rate', 'latency_p95_ms', 'total_tokens', 'cost'],
  spans: ['count'],
  scores: [],
  decisions: [],
  metric: ['value'],
};
/**
 * The dimensions a widget may group by, per source: `environment` and `name` need `group_values`
 * (the values to compare, at most 10); `label:<key>` is a metric label.
 */
export const WIDGET_GROUPS: Record<WidgetSource, readonly string[]> = {
  traces: ['environment', 'name'],
  spans: ['model', 'span_type'],
  scores: ['environment', 'name'],
  decisions: ['action', 'environment', 'name'],
  metric: ['label'],
};

const filterText = z.string().trim().min(1).max(200);

/** One widget of a dashboard. */
export const dashboardWidgetSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -; at most 64 characters'),
  title: z.string().trim().min(1).max(200),
  kind: z.enum(WIDGET_KINDS),
  source: z.enum(WIDGET_SOURCES),
  measure: z.string().min(1).max(64),
  /** environment, name, model, span_type, action, or `label:<key>` for a metric label. */
  group_by: z.string().min(1).max(120).optional(),
  group_values: z.array(filterText).min(1).max(10).optional(),
  environment: filterText.optional(),
  trace_name: filterText.optional(),
  metric: z.object({ name: metricName, agg: z.enum(METRIC_AGGS).default('avg'), labels: z.record(labelKey, z.string().max(MAX_LABEL_VALUE_CHARS)).default({}) }).strict().optional(),
  /** A time series' bucket for metrics (e.g. `1d`, `1w`); default chosen from the window. */
  step: stepText.optional(),
}).strict().superRefine((w, ctx) => {
  const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
  if (!(WIDGET_MEASURES[w.source] as readonly string[]).includes(w.measure)) issue(`one of ${WIDGET_MEASURES[w.source].join(', ')} for source ${w.source}`, 'measure');
  if (w.kind === 'timeseries' && !WIDGET_TIMESERIES_MEASURES[w.source].includes(w.measure)) {
    issue(`a time series of ${w.source} shows ${WIDGET_TIMESERIES_MEASURES[w.source].join(', ') || 'nothing; use a figure or a table'}`, 'kind');
  }
  if (w.source === 'metric' && !w.metric) issue('required when the source is metric', 'metric');
  if (w.source !== 'metric' && w.metric) issue('only for the metric source', 'metric');
  if (w.group_by !== undefined) {
    const dimension = w.group_by.startsWith('label:') ? 'label' : w.group_by;
    if (!WIDGET_GROUPS[w.source].includes(dimension)) issue(`${w.source} groups by ${WIDGET_GROUPS[w.source].join(', ')}`, 'group_by');
    if (dimension === 'label' && !LABEL_KEY_PATTERN.test(w.group_by.slice(6))) issue('label:<key> with a valid label key', 'group_by');
    if ((dimension === 'environment' || dimension === 'name') && !w.group_values) issue(`list the ${dimension} values to compare in group_values`, 'group_values');
    if (w.kind === 'figure') issue('a figure shows one number; use a table or a time series to group', 'group_by');
    if (w.kind === 'timeseries' && (dimension === 'model' || dimension === 'span_type' || dimension === 'action')) issue(`a time series cannot group by ${dimension}; use a table`, 'group_by');
  } else if (w.group_values) issue('only with group_by environment or name', 'group_values');
});
export type DashboardWidget = z.output<typeof dashboardWidgetSchema>;
export type DashboardWidgetInput = z.input<typeof dashboardWidgetSchema>;

/** Body of `POST /api/v1/dashboards` and `PUT /api/v1/dashboards/{id}`. */
export const dashboardBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  widgets: z.array(dashboardWidgetSchema).max(50).default([]).refine((ws) => new Set(ws.map((w) => w.id)).size === ws.length, 'widget ids must be unique'),
}).strict();
export type DashboardBody = z.output<typeof dashboardBodySchema>;

/** A saved dashboard as the API answers it. */
export const dashboardViewSchema = z.object({
  dashboard_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  widgets: z.array(dashboardWidgetSchema),
  created_at: z.string(),
  updated_at: z.string(),
});
export type DashboardView = z.infer<typeof dashboardViewSchema>;

/** Query of `GET /api/v1/dashboards/{id}/data`: the window every widget covers. */
export const dashboardDataQuerySchema = z.object({
  last_hours: z.coerce.number().positive().max(24 * 366).default(24 * 7),
});

/** One widget's data: rows (figure: one row with group null; table: one per group) or time series. */
export const widgetDataSchema = z.object({
  id: z.string(),
  rows: z.array(z.object({ group: z.string().nullable(), value: z.number().nullable() })).optional(),
  series: z.array(z.object({ group: z.string().nullable(), points: z.array(z.object({ time: z.string(), value: z.number().nullable() })) })).optional(),
  /** Why the widget has no data (e.g. a metric never reported), for the UI to say. */
  error: z.string().optional(),
});
export type WidgetData = z.infer<typeof widgetDataSchema>;

/** `GET /api/v1/dashboards/{id}/data` answer. */
export const dashboardDataResponseSchema = z.object({ from: z.string(), to: z.string(), widgets: z.array(widgetDataSchema) });
export type DashboardDataResponse = z.infer<typeof dashboardDataResponseSchema>;
