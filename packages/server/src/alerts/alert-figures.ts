/**
 * The figures alert rules watch, read from the existing read services (stats rollups, cases), the
 * data volume (statfs) and, when present, the A/B test service. A figure is a number, `null` when
 * there is nothing to measure in the window (no traces, no evaluations…), or unavailable here.
 */
import fs from 'node:fs';
import type { AlertKind, MetricAgg, StatsOverview } from '@tracehub/core';
import type { createStatsService } from '../traces/stats-service.js';
import type { CaseService } from '../decision/case-service.js';

/** What reading a figure found. */
export type AlertReading =
  | { value: number; detail?: Record<string, number> }
  | { value: null; state: 'no_data' | 'unavailable'; reason: string };

/**
 * The A/B test service's hook for `ab_srm` rules: the p-value of the sample-ratio-mismatch check of
 * a running test, or null when the test does not exist or is not running. Absent: `ab_srm` rules
 * stay in the `unavailable` state.
 */
export interface AbSampleRatioSource {
  sampleRatioPValue(projectId: string, testId: string): Promise<number | null>;
}

/** The application metric service's seam for `app_metric` rules (AppMetricService.aggregate). */
export interface AppMetricAggregateSource {
  aggregate(projectId: string, query: { name: string; windowSeconds: number; agg: MetricAgg; labels?: Record<string, string> }): Promise<{ value: number | null; count: number }>;
}

/** Use of the volume holding the data directory, and the database's own size. */
export interface DiskUsage {
  usedPercent: number;
  /** The database's size (Store.storageBytes), null when the backend does not tell. */
  databaseBytes: number | null;
}

/** Reads the data volume with statfs (used as `df` counts it: of the space ordinary users may fill). */
export function createDiskProbe(dataDir: string, databaseSizeBytes: () => Promise<number | null>): () => Promise<DiskUsage> {
  return async () => {
    const [st, databaseBytes] = await Promise.all([fs.promises.statfs(dataDir), databaseSizeBytes()]);
    const used = st.blocks - st.bfree;
    const usable = used + st.bavail;
    return { usedPercent: usable > 0 ? Math.round((used / usable) * 10_000) / 100 : 0, databaseBytes };
  };
}

/**
 * Judge calibration's seam for `judge_agreement` rules (online-evals/judge-agreement.ts): Cohen's kappa
 * (pass/fail, labels) or Pearson's r (numbers) of the judge scores of the last `windowMinutes`
 * against people's, with the pairs counted; a null value when there is nothing to compare.
 */
export interface JudgeAgreementSource {
  agreementFigure(projectId: string, evaluator: string, windowMinutes: number): Promise<{ value: number | null; pairs: number }>;
}

/**
 * Scheduled backups' seam for `backup_stale` rules (backup-outcome.ts readBackupOutcome, from the
 * store, so any server reads the outcome of whichever server ran the backup).
 */
export interface BackupOutcomeSource {
  outcome(): Promise<{ scheduled: boolean; lastSuccessAt: number | null; lastFailureAt: number | null }>;
  /** The clock (ms). */
  now(): number;
}

/** The rule fields a figure depends on. */
export interface FigureQuery {
  project_id: string;
  kind: AlertKind;
  window_minutes: number;
  environment: string | null;
  trace_name: string | null;
  ab_test_id: string | null;
  /** Kind `app_metric`: the metric, the labels its points must carry, the aggregate (default avg). */
  metric_name?: string | null;
  metric_labels?: Record<string, string>;
  metric_agg?: string | null;
  /** Kind `judge_agreement`: the evaluation name. */
  evaluator?: string | null;
}

/** What the figures are read from. */
export interface FigureSources {
  stats: ReturnType<typeof createStatsService>;
  cases: Pick<CaseService, 'list'>;
  disk: () => Promise<DiskUsage>;
  abTests?: AbSampleRatioSource;
  /** Absent: `app_metric` rules stay in the `unavailable` state. */
  appMetrics?: AppMetricAggregateSource;
  /** Absent: `judge_agreement` rules stay in the `unavailable` state. */
  judgeAgreement?: JudgeAgreementSource;
  /** Absent: `backup_stale` rules stay in the `unavailable` state. */
  backups?: BackupOutcomeSource;
}

const noData = (reason: string): AlertReading => ({ value: null, state: 'no_data', reason });
const ratio = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 10_000;

/** Figures over the stats overview of the rule's window and filters. */
function fromOverview(kind: AlertKind, o: StatsOverview): AlertReading {
  switch (kind) {
    case 'error_rate':
      return o.traces.total ? { value: o.traces.error_rate, detail: { traces: o.traces.total, errors: o.traces.error } } : noData('no traces in the window');
    case 'latency_p95_ms':
      return o.latency_ms.p95 != null ? { value: o.latency_ms.p95, detail: { traces: o.traces.total } } : noData('no finished traces in the window');
    case 'cost':
      return { value: o.cost.total, detail: { traces: o.traces.total } };
    case 'eval_pass_rate':
      return o.evals.pass_rate != null ? { value: o.evals.pass_rate, detail: { evals: o.evals.total } } : noData('no evaluations in the window');
    case 'block_rate': {
      const blocked = o.decisions.by_action.BLOCK ?? 0;
      return o.decisions.total ? { value: ratio(blocked, o.decisions.total), detail: { decisions: o.decisions.total, blocked } } : noData('no decisions in the window');
    }
    default:
      // ingestion_stopped: spans and traces that started in the window (0 = nothing arrived).
      return { value: o.traces.total + o.spans.total, detail: { traces: o.traces.total, spans: o.spans.total } };
  }
}

/** Reads the rule's figure now. */
export async function readFigure(sources: FigureSources, q: FigureQuery): Promise<AlertReading> {
  switch (q.kind) {
    case 'open_cases': {
      const page = await sources.cases.list(q.project_id, { status: 'open', page: 1, page_size: 1 });
      return { value: page.total };
    }
    case 'disk_used_percent': {
      const disk = await sources.disk();
      return { value: disk.usedPercent, ...(disk.databaseBytes !== null && { detail: { database_bytes: disk.databaseBytes } }) };
    }
    case 'ab_srm': {
      if (!sources.abTests) return { value: null, state: 'unavailable', reason: 'A/B tests are not available on this server' };
      const p = await sources.abTests.sampleRatioPValue(q.project_id, q.ab_test_id ?? '');
      return p == null ? noData('the A/B test is not running') : { value: p };
    }
    case 'judge_agreement': {
      if (!sources.judgeAgreement) return { value: null, state: 'unavailable', reason: 'judge calibration is not available on this server' };
      const { value, pairs } = await sources.judgeAgreement.agreementFigure(q.project_id, q.evaluator ?? '', q.window_minutes);
      return value === null ? noData('no judge score with a human score to compare in the window') : { value, detail: { pairs } };
    }
    case 'backup_stale': {
      if (!sources.backups) return { value: null, state: 'unavailable', reason: 'scheduled backups are not available on this server' };
      const o = await sources.backups.outcome();
      if (!o.scheduled) return noData('scheduled backups are not configured (TRACEHUB_BACKUP_DIR)');
      // Hours since the last successful backup (since the schedule's first run when none succeeded yet);
      // `last_run_failed` = 1 makes the rule hold whatever the threshold (alert-service.ts).
      const failed = o.lastFailureAt !== null && (o.lastSuccessAt === null || o.lastFailureAt > o.lastSuccessAt);
      const since = o.lastSuccessAt ?? o.lastFailureAt;
      const hours = since === null ? 0 : Math.round(((sources.backups.now() - since) / 3_600_000) * 100) / 100;
      return { value: hours, detail: { last_run_failed: failed ? 1 : 0 } };
    }
    case 'app_metric': {
      if (!sources.appMetrics) return { value: null, state: 'unavailable', reason: 'application metrics are not available on this server' };
      const { value, count } = await sources.appMetrics.aggregate(q.project_id, {
        name: q.metric_name ?? '', windowSeconds: q.window_minutes * 60, agg: (q.metric_agg ?? 'avg') as MetricAgg, labels: q.metric_labels,
      });
      return value === null ? noData('no points of the metric in the window') : { value, detail: { points: count } };
    }
    default: {
      const overview = await sources.stats.overview(q.project_id, {
        last_hours: q.window_minutes / 60,
        ...(q.environment !== null && { environment: q.environment }),
        ...(q.trace_name !== null && { name: q.trace_name }),
        include_experiments: false,
      });
      return fromOverview(q.kind, overview);
    }
  }
}
