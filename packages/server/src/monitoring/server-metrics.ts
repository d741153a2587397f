/**
 * Trace Hub's own health as Prometheus metrics (prom-client): HTTP requests by route pattern and
 * status class, ingest items and the ingest queue, webhook deliveries, database and disk size,
 * and prom-client's default process metrics. One registry per app, so several apps in one process
 * (tests) never share counters.
 */
import fs from 'node:fs';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestResult } from '@tracehub/core';
import type { IngestService } from '../ingest/ingest-service.js';
import type { DecisionStore } from '../storage/decision-store.js';
import { createDiskProbe } from '../alerts/alert-figures.js';

const KNOWN_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** What the server metrics read besides their own counters. */
export interface ServerMetricsDeps {
  /** The database's size in bytes (null when the backend cannot tell). */
  databaseBytes?: () => Promise<number | null>;
  /** The data volume to report disk use of (statfs), e.g. TRACEHUB_DATA_DIR. */
  dataDir?: string;
}

/** The server's own metrics and the hooks that feed them. */
export function createServerMetrics(deps: ServerMetricsDeps = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({
    name: 'tracehub_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern (not the raw URL) and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'tracehub_http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ingestItems = new Counter({
    name: 'tracehub_ingest_items_total',
    help: 'Ingested items (trace, span, event, eval) by outcome (accepted, duplicate, rejected).',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
  });
  const ingestSpans = new Counter({
    name: 'tracehub_ingest_spans_total',
    help: 'Spans and span events accepted by ingestion; rate() gives spans per second.',
    registers: [registry],
  });
  const ingestFailures = new Counter({
    name: 'tracehub_ingest_request_failures_total',
    help: 'Ingest requests that failed as a whole (not per-item rejections).',
    registers: [registry],
  });
  // Requests handed to the ingest service (the SQLite worker thread or the in-process service) not yet answered.
  const inFlight = new Map<number, number>();
  let nextId = 1;
  new Gauge({
    name: 'tracehub_ingest_queue_depth',
    help: 'Ingest requests waiting for or being written by the ingest worker (or in-process ingest).',
    registers: [registry],
    collect() {
      this.set(inFlight.size);
    },
  });
  new Gauge({
    name: 'tracehub_ingest_worker_lag_seconds',
    help: 'Age of the oldest ingest request not yet committed (0 when none is waiting).',
    registers: [registry],
    collect() {
      let oldest = Number.POSITIVE_INFINITY;
      for (const started of inFlight.values()) oldest = Math.min(oldest, started);
      this.set(inFlight.size ? (performance.now() - oldest) / 1000 : 0);
    },
  });
  const webhookAttempts = new Counter({
    name: 'tracehub_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts by result (ok, error).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const webhookOutcomes = new Counter({
    name: 'tracehub_webhook_deliveries_total',
    help: 'Webhook notifications finished, by outcome (delivered, failed after the last attempt).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  if (deps.databaseBytes) {
    const read = deps.databaseBytes;
    new Gauge({
      name: 'tracehub_database_size_bytes',
      help: 'Size of the database (SQLite files incl. WAL, or pg_database_size).',
      registers: [registry],
      async collect() {
        const bytes = await read().catch(() => null);
        if (bytes !== null) this.set(bytes);
      },
    });
  }
  if (deps.dataDir) {
    const dir = deps.dataDir;
    const disk = new Gauge({
      name: 'tracehub_data_volume_bytes',
      help: 'The data volume (TRACEHUB_DATA_DIR) by kind: size, available to the server (statfs).',
      labelNames: ['kind'] as const,
      registers: [registry],
      async collect() {
        const s = await fs.promises.statfs(dir).catch(() => null);
        if (!s) return;
        disk.set({ kind: 'size' }, s.blocks * s.bsize);
        disk.set({ kind: 'available' }, s.bavail * s.bsize);
      },
    });
    // The same reading as the disk-use alert rule (alerts/alert-figures.ts createDiskProbe), so the two agree.
    const probe = createDiskProbe(dir, async () => null);
    new Gauge({
      name: 'tracehub_data_volume_used_ratio',
      help: 'Used share of the data volume, 0..1, as df computes it (used / (used + available)); the disk-use alert reads the same.',
      registers: [registry],
      async collect() {
        const usage = await probe().catch(() => null);
        if (usage) this.set(usage.usedPercent / 100);
      },
    });
  }

  const countResult = (result: IngestResult) => {
    for (const item of result.items) {
      ingestItems.inc({ kind: item.kind, status: item.status });
      if (item.status === 'accepted' && (item.kind === 'span' || item.kind === 'event')) ingestSpans.inc();
    }
  };
  const track = async <T>(work: () => Promise<T>, count: (result: T) => void): Promise<T> => {
    const id = nextId++;
    inFlight.set(id, performance.now());
    try {
      const result = await work();
      count(result);
      return result;
    } catch (error) {
      ingestFailures.inc();
      throw error;
    } finally {
      inFlight.delete(id);
    }
  };

  return {
    registry,
    /** Records one answered HTTP request. `route` is the matched route pattern (undefined: no route matched). */
    observeHttp(method: string, route: string | undefined, statusCode: number, seconds: number) {
      const labels = {
        method: KNOWN_METHODS.has(method) ? method : 'OTHER',
        route: route ?? 'unmatched',
        status_class: `${Math.floor(statusCode / 100)}xx`,
      };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
    },
    /** The ingest service with its items counted and its queue measured. */
    instrumentIngest<S extends IngestService>(service: S): S {
      return {
        ...service,
        ingestTraces: (projectId, body) => track(() => service.ingestTraces(projectId, body), countResult),
        ingestTraceBatch: (projectId, batch) =>
          track(() => service.ingestTraceBatch(projectId, batch), (r) => {
            for (const t of r.traces) countResult(t);
            if (r.evals) countResult(r.evals);
          }),
        ingestSpanEvents: (projectId, body) => track(() => service.ingestSpanEvents(projectId, body), countResult),
        ingestEvals: (projectId, evals) => track(() => service.ingestEvals(projectId, evals), countResult),
      };
    },
    /** The decision store with every finished webhook attempt counted (the dispatcher's writes). */
    instrumentNotifications(store: DecisionStore): DecisionStore {
      return new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== 'finishNotificationAttempt' || typeof value !== 'function') return value;
          const finish: DecisionStore['finishNotificationAttempt'] = async (attempt, next) => {
            const answer = await value.call(target, attempt, next);
            webhookAttempts.inc({ result: attempt.ok ? 'ok' : 'error' });
            if (next.status === 'delivered' || next.status === 'failed') webhookOutcomes.inc({ outcome: next.status });
            return answer;
          };
          return finish;
        },
      });
    },
  };
}

/** The server's metrics. */
export type ServerMetrics = ReturnType<typeof createServerMetrics>;
