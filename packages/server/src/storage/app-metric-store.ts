/**
 * Storage of application metrics (points the monitored application reports over OTLP metrics or
 * the JSON points endpoint) and of custom dashboards. A point is keyed by project, metric name, its
 * label set (canonical JSON text, keys sorted) and time, so re-sending a point replaces it.
 * Aggregation happens in SQL per (time bucket, label set); the service merges label sets.
 */

/** One stored point. Histograms keep their count and sum; `value` is then their mean. */
export interface AppMetricPointRow {
  project_id: string;
  name: string;
  /** Canonical JSON object text of the labels (sorted keys, string values). */
  labels: string;
  /** Microseconds since the epoch. */
  time: number;
  value: number;
  /** 'gauge' | 'sum' | 'histogram' | 'point' (JSON endpoint). */
  kind: string;
  unit: string | null;
  hist_count: number | null;
  hist_sum: number | null;
}

/** What one aggregation reads: one metric over [from, to) in buckets of `step` microseconds. */
export interface AppMetricAggregateQuery {
  name: string;
  from: number;
  to: number;
  step: number;
  /** At most this many (bucket, label set) rows; the store answers one more when there are more. */
  limit: number;
}

/** One (bucket, label set) aggregate. `last` is the value of the latest point in the bucket. */
export interface AppMetricBucketRow {
  labels: string;
  /** Bucket index: floor((time - from) / step). */
  bucket: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  last_time: number;
  last: number;
}

/** A metric name with one of its label sets, how many points it has and when it was last reported. */
export interface AppMetricSeriesRow {
  name: string;
  labels: string;
  points: number;
  last_time: number;
}

/** The application metric store. */
export interface AppMetricStore {
  /** Inserts points; a point with the same (project, name, labels, time) is replaced. Answers the count written. */
  upsertPoints(rows: AppMetricPointRow[]): Promise<number>;
  aggregate(projectId: string, query: AppMetricAggregateQuery): Promise<AppMetricBucketRow[]>;
  /** Known (name, label set) series, most recently reported first. */
  listSeries(projectId: string, limit: number, name?: string): Promise<AppMetricSeriesRow[]>;
  /** Deletes at most `limit` points (of any project) older than `before` (microseconds); answers how many went. */
  deletePointsBefore(before: number, limit: number): Promise<number>;
}

/** A saved dashboard; `widgets` is JSON text (the service validates it). */
export interface DashboardRow {
  project_id: string;
  dashboard_id: string;
  name: string;
  description: string | null;
  widgets: string;
  created_at: number;
  updated_at: number;
}

/** The dashboard store. */
export interface DashboardStore {
  create(row: DashboardRow): Promise<DashboardRow>;
  list(projectId: string): Promise<DashboardRow[]>;
  get(projectId: string, dashboardId: string): Promise<DashboardRow | null>;
  update(projectId: string, dashboardId: string, fields: Pick<DashboardRow, 'name' | 'description' | 'widgets' | 'updated_at'>): Promise<DashboardRow | null>;
  remove(projectId: string, dashboardId: string): Promise<boolean>;
}
