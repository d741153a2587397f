/**
 * Application metric point retention (TRACEHUB_METRIC_RETENTION_DAYS, default 90; 0 keeps points
 * forever): points older than the retention period are deleted in the background, in small batches
 * with a pause between them, so a large backlog never holds the database's writer for long. Runs
 * at start and then every interval; several servers on one database may trim at once (deleting the
 * same old points twice is harmless).
 */
import type { AppMetricStore } from '../storage/app-metric-store.js';

const DAY = 86_400_000_000;

/** Retention settings. */
export interface MetricRetentionSettings {
  /** Days points are kept; 0 keeps them forever. */
  days: number;
  /** Points deleted per batch. */
  batchSize: number;
  /** Pause between batches, in milliseconds. */
  pauseMs: number;
  /** How often a trim runs after the first, in milliseconds. */
  intervalMs: number;
}

export const DEFAULT_METRIC_RETENTION: MetricRetentionSettings = { days: 90, batchSize: 1000, pauseMs: 50, intervalMs: 60 * 60 * 1000 };

/** Logger subset (pino-compatible). */
export interface MetricRetentionLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Deletes every point older than `days` before `now` (microseconds), `batchSize` at a time, until
 * a batch comes back short or `stopped()` says so; answers how many were deleted.
 */
export async function trimMetricPoints(
  store: Pick<AppMetricStore, 'deletePointsBefore'>, settings: Omit<MetricRetentionSettings, 'intervalMs'>, now: number, stopped: () => boolean = () => false,
): Promise<number> {
  if (settings.days <= 0) return 0;
  const cutoff = now - settings.days * DAY;
  let deleted = 0;
  for (;;) {
    const n = await store.deletePointsBefore(cutoff, settings.batchSize);
    deleted += n;
    if (n < settings.batchSize || stopped()) return deleted;
    await new Promise((r) => setTimeout(r, settings.pauseMs));
  }
}

/** A running trim loop. */
export interface MetricRetention {
  /** The first trim (tests wait for it). */
  readonly first: Promise<void>;
  stop(): Promise<void>;
}

/** Starts trimming now and then every `settings.intervalMs` (the timer never keeps the process alive). */
export function startMetricRetention(
  store: Pick<AppMetricStore, 'deletePointsBefore'>, settings: MetricRetentionSettings, now: () => number, log: MetricRetentionLog,
): MetricRetention {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const trim = () => {
    running = trimMetricPoints(store, settings, now(), () => stopped).then(
      (deleted) => {
        if (deleted) log.info({ deleted, days: settings.days }, 'metric retention: deleted application metric points older than the retention period');
      },
      (err) => log.error({ err }, 'metric retention trim failed'),
    );
    return running;
  };
  const first = settings.days > 0 ? trim() : Promise.resolve();
  const timer = settings.days > 0 ? setInterval(trim, settings.intervalMs) : null;
  timer?.unref();
  return {
    first,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
