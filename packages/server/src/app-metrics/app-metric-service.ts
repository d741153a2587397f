/**
 * Application metrics: stores points (OTLP metrics and the JSON points endpoint), answers bucketed
 * series, the catalogue of known series, and — for alert rules and dashboards — one aggregate of a
 * metric over a window ({@link AppMetricService.aggregate}).
 */
import {
  isoToMicros,
  MAX_SERIES_BUCKETS,
  metricPointsBodySchema,
  metricSeriesQuerySchema,
  microsToIso,
  type MetricAgg,
  type MetricCatalogResponse,
  type MetricSeriesResponse,
} from '@tracehub/core';
import type { AppMetricBucketRow, AppMetricStore } from '../storage/app-metric-store.js';
import { InvalidError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { canonicalLabels, timeProblem, type MetricPoint } from './metric-points.js';
import type { OtlpMetricsRequestJson } from './otlp-metrics.js';
import { mapOtlpMetrics } from './otlp-metrics.js';

const SECOND = 1_000_000;
const STEP_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
/** Default steps, finest first: the first giving at most DEFAULT_BUCKETS buckets is used. */
const DEFAULT_STEPS = [60, 300, 900, 3600, 6 * 3600, 86_400, 604_800];
const DEFAULT_BUCKETS = 120;
/** (label set, bucket) rows one query may read before the answer is refused as too broad. */
const MAX_AGGREGATE_ROWS = 100_000;
/** Series a catalogue answer lists. */
const CATALOG_LIMIT = 1_000;

/** What one series read covers. Times in microseconds; `labels` must all match; `groupBy` splits by a label. */
export interface SeriesRequest {
  name: string;
  from: number;
  to: number;
  /** Bucket width in seconds. */
  stepSeconds: number;
  agg: MetricAgg;
  labels?: Record<string, string>;
  groupBy?: string;
}

/** One series: the group's label value (null when not grouped) and a point per bucket. */
export interface SeriesResult {
  group: string | null;
  points: { time: number; value: number | null; count: number }[];
}

/** What an alert rule asks: metric `name`, labels that must match, the window in seconds before `at`, and the aggregate. */
export interface MetricWindowQuery {
  name: string;
  windowSeconds: number;
  agg: MetricAgg;
  labels?: Record<string, string>;
  /** End of the window in microseconds (default now). */
  at?: number;
}

/** Step text (`3600`, `1h`, `1w`) in seconds. */
export function parseStep(step: string): number {
  const match = /^(\d+)([smhdw]?)$/.exec(step);
  const seconds = match ? Number(match[1]) * STEP_UNITS[match[2] || 's'] : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 1) throw new InvalidError('step must be at least 1 second (e.g. 60, 5m, 1h, 1d, 1w).', { code: 'bad_request' });
  return seconds;
}

/** The default step for a window: the finest standard step giving at most about 120 buckets. */
export function defaultStep(from: number, to: number): number {
  const seconds = (to - from) / SECOND;
  return DEFAULT_STEPS.find((s) => seconds / s <= DEFAULT_BUCKETS) ?? Math.ceil(seconds / DEFAULT_BUCKETS);
}

function queryTimeMicros(value: string | number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  const micros = typeof value === 'number' ? Math.round(value * 1000) : isoToMicros(value);
  if (micros === null || !Number.isFinite(micros)) throw new InvalidError(`${field} is not a time; send ISO 8601 or epoch milliseconds.`, { code: 'bad_request' });
  return micros;
}

type Group = Map<number, { count: number; sum: number; min: number; max: number; lastTime: number; last: number }>;

function reduce(b: { count: number; sum: number; min: number; max: number; last: number }, agg: MetricAgg): number {
  switch (agg) {
    case 'avg': return b.sum / b.count;
    case 'sum': return b.sum;
    case 'min': return b.min;
    case 'max': return b.max;
    case 'last': return b.last;
    case 'count': return b.count;
  }
}

/** Merges (label set, bucket) rows into groups, keeping label sets that match `labels`. */
function mergeRows(rows: AppMetricBucketRow[], labels: Record<string, string>, groupBy: string | undefined): Map<string | null, Group> {
  const groups = new Map<string | null, Group>();
  const wanted = Object.entries(labels);
  for (const row of rows) {
    const set = JSON.parse(row.labels) as Record<string, string>;
    if (!wanted.every(([k, v]) => set[k] === v)) continue;
    const key = groupBy === undefined ? null : (set[groupBy] ?? '');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Map()));
    const b = group.get(row.bucket);
    if (!b) {
      group.set(row.bucket, { count: row.count, sum: row.sum, min: row.min, max: row.max, lastTime: row.last_time, last: row.last });
      continue;
    }
    b.count += row.count;
    b.sum += row.sum;
    b.min = Math.min(b.min, row.min);
    b.max = Math.max(b.max, row.max);
    if (row.last_time >= b.lastTime) {
      b.lastTime = row.last_time;
      b.last = row.last;
    }
  }
  return groups;
}

/** Creates the service. `now` is the clock in microseconds. */
export function createAppMetricService(store: AppMetricStore, now: () => number) {
  const write = async (projectId: string, points: MetricPoint[]) =>
    store.upsertPoints(points.map((p) => ({
      project_id: projectId, name: p.name, labels: canonicalLabels(p.labels), time: p.time, value: p.value, kind: p.kind, unit: p.unit,
      hist_count: p.hist_count, hist_sum: p.hist_sum,
    })));

  /** Bucketed series of one metric; buckets start at `from` aligned down to the step. */
  async function series(projectId: string, request: SeriesRequest): Promise<SeriesResult[]> {
    const step = request.stepSeconds * SECOND;
    const from = Math.floor(request.from / step) * step;
    if (request.to <= from) throw new InvalidError('to must be after from.', { code: 'bad_request' });
    const buckets = Math.ceil((request.to - from) / step);
    if (buckets > MAX_SERIES_BUCKETS) {
      throw new InvalidError(`The window holds ${buckets} buckets of ${request.stepSeconds} s; at most ${MAX_SERIES_BUCKETS} are answered — use a larger step or a shorter window.`, { code: 'bad_request' });
    }
    const rows = await store.aggregate(projectId, { name: request.name, from, to: request.to, step, limit: MAX_AGGREGATE_ROWS });
    if (rows.length > MAX_AGGREGATE_ROWS) {
      throw new InvalidError('The metric has too many label sets for this window and step; narrow it with labels, a larger step or a shorter window.', { code: 'bad_request' });
    }
    const groups = mergeRows(rows, request.labels ?? {}, request.groupBy);
    return [...groups.entries()]
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
      .map(([group, byBucket]) => ({
        group,
        points: Array.from({ length: buckets }, (_, i) => {
          const b = byBucket.get(i);
          return { time: from + i * step, value: b ? reduce(b, request.agg) : null, count: b?.count ?? 0 };
        }),
      }));
  }

  async function aggregateGroups(projectId: string, query: MetricWindowQuery & { groupBy?: string }) {
    const to = (query.at ?? now()) + 1;
    const windowSeconds = Math.max(1, Math.round(query.windowSeconds));
    const from = to - windowSeconds * SECOND;
    const rows = await store.aggregate(projectId, { name: query.name, from, to, step: windowSeconds * SECOND, limit: MAX_AGGREGATE_ROWS });
    const groups = mergeRows(rows, query.labels ?? {}, query.groupBy);
    return [...groups.entries()]
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
      .flatMap(([group, byBucket]) => {
        const b = byBucket.get(0);
        return b ? [{ group, value: reduce(b, query.agg), count: b.count }] : [];
      });
  }

  return {
    /** Stores the points of `POST /api/v1/metrics/points` (validated: 400 with the field on bad input). */
    async recordJson(projectId: string, body: unknown): Promise<{ accepted: number }> {
      const at = now();
      const input = parseWith(metricPointsBodySchema, body);
      const points = input.map((p, i): MetricPoint => {
        const time = p.time === undefined ? at : typeof p.time === 'number' ? Math.round(p.time * 1000) : Date.parse(p.time) * 1000;
        const why = timeProblem(time, at);
        if (why) throw new InvalidError(`points[${i}].time: ${why}`, { code: 'bad_request' });
        return { name: p.name, labels: p.labels ?? {}, time, value: p.value, kind: 'point', unit: p.unit ?? null, hist_count: null, hist_sum: null };
      });
      return { accepted: await write(projectId, points) };
    },

    /** Stores an OTLP metrics export's valid data points; answers how many were rejected and the first reason. */
    async exportOtlp(projectId: string, request: OtlpMetricsRequestJson): Promise<{ accepted: number; rejected: number; message: string }> {
      const mapped = mapOtlpMetrics(request, now());
      return { accepted: await write(projectId, mapped.points), rejected: mapped.rejected, message: mapped.message };
    },

    series,

    /** `GET /api/v1/metrics/series`: the query string with `label.<key>=<value>` filters. */
    async seriesQuery(projectId: string, rawQuery: unknown): Promise<MetricSeriesResponse> {
      const query = parseWith(metricSeriesQuerySchema, rawQuery, 'query');
      const to = queryTimeMicros(query.to, now(), 'to');
      const from = queryTimeMicros(query.from, to - 24 * 3600 * SECOND, 'from');
      if (to <= from) throw new InvalidError('to must be after from.', { code: 'bad_request' });
      const labels: Record<string, string> = {};
      for (const [key, value] of Object.entries(query)) {
        if (!key.startsWith('label.')) continue;
        if (typeof value !== 'string') throw new InvalidError(`${key} must appear once.`, { code: 'bad_request' });
        labels[key.slice(6)] = value;
      }
      const stepSeconds = query.step ? parseStep(query.step) : defaultStep(from, to);
      const result = await series(projectId, { name: query.name, from, to, stepSeconds, agg: query.agg, labels, groupBy: query.group_by });
      return {
        name: query.name, from: microsToIso(from), to: microsToIso(to), step_seconds: stepSeconds, agg: query.agg, group_by: query.group_by ?? null,
        series: result.map((s) => ({ group: s.group, points: s.points.map((p) => ({ time: microsToIso(p.time), value: p.value, count: p.count })) })),
      };
    },

    /** Known series (name and label set), most recently reported first. */
    async catalog(projectId: string, name?: string): Promise<MetricCatalogResponse> {
      const rows = await store.listSeries(projectId, CATALOG_LIMIT, name);
      return { items: rows.map((r) => ({ name: r.name, labels: JSON.parse(r.labels) as Record<string, string>, points: r.points, last_time: microsToIso(r.last_time) })) };
    },

    /**
     * One aggregate of metric `name` over the `windowSeconds` before `at` (default now), over the
     * label sets matching `labels`: the value and how many points it covers; `value` is null when no
     * point falls in the window. The seam for alert rules on application metrics.
     */
    async aggregate(projectId: string, query: MetricWindowQuery): Promise<{ value: number | null; count: number }> {
      const [whole] = await aggregateGroups(projectId, query);
      return whole ?? { group: null, value: null, count: 0 };
    },

    /** {@link aggregate} split by the values of label `groupBy`, groups sorted by value. */
    aggregateGroups,
  };
}

/** The application metric service. */
export type AppMetricService = ReturnType<typeof createAppMetricService>;
