/**
 * `GET /metrics`: the scrape token check and the exposition (server health and application figures
 * in one Prometheus text answer). Routes call this service and never read the store.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Store } from '../storage/store.js';
import { UnauthorizedError } from '../domain-errors.js';
import { createServerMetrics, type ServerMetrics } from './server-metrics.js';
import { createAppFigures, type AppFiguresOptions } from './app-figures.js';

/** Settings of the monitoring service. */
export interface MonitoringOptions extends AppFiguresOptions {
  /** TRACEHUB_METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
  /** The data volume whose disk use is reported (TRACEHUB_DATA_DIR). */
  dataDir?: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Creates the monitoring service over the store. `now` is the clock in microseconds. */
export function createMonitoringService(store: Pick<Store, 'traces' | 'projects' | 'storageBytes'>, now: () => number, options: MonitoringOptions = {}) {
  const metrics: ServerMetrics = createServerMetrics({
    databaseBytes: store.storageBytes ? () => store.storageBytes?.() ?? Promise.resolve(null) : undefined,
    dataDir: options.dataDir,
  });
  const figures = createAppFigures(store, metrics.registry, now, options);
  const expected = options.token ? digest(options.token) : null;
  return {
    metrics,
    /** Throws `unauthorized` unless the scrape token is off or `authorization` carries it (constant-time compare). */
    checkScrape(authorization: string | undefined): void {
      if (!expected) return;
      const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
      // Both sides hashed to the same length, so the comparison takes the same time whatever was sent.
      if (!match || !timingSafeEqual(digest(match[1]), expected)) {
        throw new UnauthorizedError('send the scrape token (TRACEHUB_METRICS_TOKEN) as Authorization: Bearer <token>');
      }
    },
    /** The Prometheus text exposition and its content type. */
    async scrape(): Promise<{ contentType: string; body: string }> {
      await figures.refresh();
      return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
    },
  };
}

/** The monitoring service. */
export type MonitoringService = ReturnType<typeof createMonitoringService>;
