/**
 * Retention and deletion (docs/retention.md): per-project retention days for traces and experiment
 * artifacts, their enforcement in small batches, deleting a time range of traces (data-subject
 * requests), and the disk use shown in the UI. Routes call this service and never read the store.
 */
import { z } from 'zod';
import { Counter, type Registry } from 'prom-client';
import { wireTime } from '@tracehub/core';
import type { RetentionRow, RetentionStore, TraceSelection } from '../storage/retention-store.js';
import type { DiskUsage } from '../alerts/alert-figures.js';

const DAY_MICROS = 86_400_000_000;

/** Tuning of enforcement (TRACEHUB_RETENTION_* settings; docs/retention.md). */
export interface RetentionSettings {
  /** How often a project's retention is enforced. */
  intervalMs: number;
  /** Traces per transaction. */
  batchSize: number;
  /** Shortest pause between two batches, so ingestion gets the database in between. */
  pauseMs: number;
  /**
   * Largest share of the time enforcement spends deleting: after a batch that took T ms it pauses at
   * least T × (1 − share) / share, so on a busy database it slows down with the batches.
   */
  busyShare: number;
  /** Longest one project's run lasts before it yields (the rest is due at the next tick). */
  runBudgetMs: number;
}

export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = { intervalMs: 3_600_000, batchSize: 50, pauseMs: 100, busyShare: 0.05, runBudgetMs: 60_000 };

/** The settings for an interval, batch size and pause; a run may last half an interval, at most a minute. */
export function retentionSettings(intervalSeconds: number, batchSize: number, pauseMs: number): RetentionSettings {
  const intervalMs = intervalSeconds * 1000;
  return { intervalMs, batchSize, pauseMs, busyShare: DEFAULT_RETENTION_SETTINGS.busyShare, runBudgetMs: Math.min(60_000, Math.max(1_000, Math.floor(intervalMs / 2))) };
}

const days = z.number().int().min(1).max(36_500).nullable();
/** `PUT /admin/retention`: days to keep (null: forever); a field left out keeps its value. */
export const retentionBodySchema = z.strictObject({ trace_days: days.optional(), artifact_days: days.optional() });

// NUL cannot be stored or compared by PostgreSQL: a filter holding one is refused, not run.
const filterText = z.string().min(1).max(512).refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');
/** `POST /traces/delete`: the traces started in [from, to), optionally only those with these values. */
export const traceRangeDeleteSchema = z.strictObject({
  from: wireTime,
  to: wireTime,
  environment: filterText.optional(),
  name: filterText.optional(),
  user_id: filterText.optional(),
  session_id: filterText.optional(),
}).refine((b) => b.from < b.to, { path: ['to'], message: 'must be later than from' });

/** A project's retention as the API answers it. */
export interface RetentionView {
  trace_days: number | null;
  artifact_days: number | null;
  /** TRACEHUB_ARTIFACT_RETENTION_DAYS, used when artifact_days is null (0: kept). */
  default_artifact_days: number;
  updated_at: string | null;
}

/** Disk use as the UI shows it. */
export interface StorageView {
  database_bytes: number | null;
  data_volume_used_percent: number | null;
}

export interface RetentionLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RetentionServiceDeps {
  store: RetentionStore;
  /** Clock in microseconds. */
  now: () => number;
  settings?: RetentionSettings;
  defaultArtifactDays?: number;
  /** The disk-use reading of the disk alert (alerts/alert-figures.ts createDiskProbe). */
  disk?: () => Promise<DiskUsage>;
  /** Where the deletion counters are registered (the `/metrics` registry). */
  registry?: Registry;
  sleep?: (ms: number) => Promise<void>;
}

const view = (row: RetentionRow | null, defaultArtifactDays: number): RetentionView => ({
  trace_days: row?.trace_days ?? null,
  artifact_days: row?.artifact_days ?? null,
  default_artifact_days: defaultArtifactDays,
  updated_at: row ? new Date(row.updated_at / 1000).toISOString() : null,
});

export function createRetentionService(deps: RetentionServiceDeps) {
  const { store, now } = deps;
  const settings = deps.settings ?? DEFAULT_RETENTION_SETTINGS;
  const defaultArtifactDays = deps.defaultArtifactDays ?? 0;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deleted = deps.registry
    ? new Counter({
      name: 'tracehub_retention_deleted_traces_total',
      help: 'Traces deleted with everything recorded about them, by reason (retention, request: POST /traces/delete).',
      labelNames: ['reason'] as const,
      registers: [deps.registry],
    })
    : null;

  /**
   * Deletes the selected traces batch by batch, pausing between batches (`paced`: at least pauseMs,
   * and long enough to keep to busyShare); stops early when `until` (ms) has passed. Answers the
   * count and whether all went.
   */
  async function deleteInBatches(projectId: string, selection: TraceSelection, paced: boolean, until = Infinity, signal?: AbortSignal): Promise<{ deleted: number; done: boolean }> {
    let total = 0;
    for (;;) {
      const started = performance.now();
      const n = await store.deleteTraces(projectId, selection, settings.batchSize);
      const took = performance.now() - started;
      total += n;
      if (n < settings.batchSize) return { deleted: total, done: true };
      if (Date.now() >= until || signal?.aborted) return { deleted: total, done: false };
      if (paced) await sleep(Math.max(settings.pauseMs, (took * (1 - settings.busyShare)) / settings.busyShare));
    }
  }

  return {
    async get(projectId: string): Promise<RetentionView> {
      return view(await store.get(projectId), defaultArtifactDays);
    },

    async set(projectId: string, body: z.infer<typeof retentionBodySchema>): Promise<RetentionView> {
      const current = await store.get(projectId);
      const row = await store.set(projectId, {
        trace_days: body.trace_days !== undefined ? body.trace_days : (current?.trace_days ?? null),
        artifact_days: body.artifact_days !== undefined ? body.artifact_days : (current?.artifact_days ?? null),
      }, now());
      return view(row, defaultArtifactDays);
    },

    /** Projects' own artifact retention days, for the artifact sweep. */
    async artifactDays(): Promise<ReadonlyMap<string, number>> {
      const rows = await store.list();
      return new Map(rows.filter((r) => r.artifact_days !== null).map((r) => [r.project_id, r.artifact_days as number]));
    },

    /** Deletes the project's traces started in [from, to) (optionally narrowed); answers how many went. */
    async deleteRange(projectId: string, body: z.infer<typeof traceRangeDeleteSchema>): Promise<{ deleted: number }> {
      const { from, to, ...filters } = body;
      const { deleted: n } = await deleteInBatches(projectId, { from, to, ...filters }, false);
      deleted?.inc({ reason: 'request' }, n);
      return { deleted: n };
    },

    async storage(): Promise<StorageView> {
      const usage = await deps.disk?.().catch(() => null);
      return { database_bytes: usage?.databaseBytes ?? null, data_volume_used_percent: usage?.usedPercent ?? null };
    },

    /**
     * Enforces the retention of every due project this process could claim (the lease in the store
     * keeps other servers off it). A run that reaches its time budget or is aborted (shutdown) leaves
     * the rest due at once.
     */
    async enforceDue(log: RetentionLog, signal?: AbortSignal): Promise<number> {
      const start = now();
      const claimed = await store.claimDue(start, start + settings.intervalMs * 1000);
      let total = 0;
      for (const project of claimed) {
        if (project.trace_days === null) continue;
        try {
          const cutoff = now() - project.trace_days * DAY_MICROS;
          const result = await deleteInBatches(project.project_id, { before: cutoff }, true, Date.now() + settings.runBudgetMs, signal);
          total += result.deleted;
          deleted?.inc({ reason: 'retention' }, result.deleted);
          if (!result.done) await store.reschedule(project.project_id, now());
          if (result.deleted) log.info({ project: project.project_id, deleted: result.deleted, done: result.done }, 'retention: deleted traces older than the retention period');
        } catch (error) {
          log.error({ err: error, project: project.project_id }, 'retention: deleting old traces failed');
        }
      }
      return total;
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
