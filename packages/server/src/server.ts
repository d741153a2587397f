/** Starts a whole server from a configuration: store, migrations, bootstrap, app. Used by main.ts and tests. */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { buildApp, type AppServices } from './app.js';
import { createStore } from './storage/create-store.js';
import type { Store } from './storage/store.js';
import { loadPriceTable } from './prices.js';
import { createAuthService } from './auth/auth-service.js';
import { bootstrapKeyWarning } from './auth/bootstrap-key-warning.js';
import { createUserService } from './auth/user-service.js';
import { createWorkerIngestService } from './ingest/worker-ingest-service.js';
import { runShutdownSteps } from './shutdown.js';
import type { DecisionConfig } from './decision/decision-config.js';
import { startNotificationDispatcher, type NotificationDispatcher } from './decision/notification-dispatcher.js';
import type { OtlpGrpcServer } from './otlp/grpc-server.js';
import { startArtifactSweeper, type ArtifactSweeper } from './artifacts/artifact-sweeper.js';
import { loadArtifactConfig } from './artifacts/artifact-config.js';
import { startAlertEvaluator, type AlertEvaluator } from './alerts/alert-evaluator.js';
import { DEFAULT_METRIC_RETENTION, startMetricRetention, type MetricRetention } from './app-metrics/index.js';
import { startRetentionWorker, type RetentionWorker } from './retention/retention-worker.js';
import { DEFAULT_RETENTION_SETTINGS } from './retention/retention-service.js';
import { DEFAULT_ONLINE_EVAL_SETTINGS, startOnlineEvalWorker, type OnlineEvalWorker } from './online-evals/online-eval-worker.js';
import type { BackupSchedule, BackupScheduler } from './backup/backup-scheduler.js';

/** A running server and how to stop it. */
export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** The OTLP/gRPC server when TRACEHUB_OTLP_GRPC_PORT is set (not listening until `listen()`). */
  otlpGrpc?: OtlpGrpcServer;
  close(): Promise<void>;
}

/** Opens the store, migrates, creates the first project when none exists, and builds the app. */
export async function createServer(
  config: Config,
  // decision: overrides config.decision (tests).
  options: { store?: Store; logger?: boolean | object; decision?: DecisionConfig; backups?: BackupSchedule } = {},
): Promise<RunningServer> {
  const store = options.store ?? createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await store.migrate();
  const prices = loadPriceTable(config.modelPricesFile);
  const bootstrapped = await createAuthService(store.projects, () => Date.now() * 1000).bootstrap(config.bootstrapKey);
  // A store with one writer (SQLite) asks for ingestion in a worker thread, so parsing and writing use both cores.
  const worker = store.ingestWorkerTarget && config.ingestWorker ? createWorkerIngestService(store.ingestWorkerTarget, config.modelPricesFile) : undefined;
  const decision = options.decision ?? config.decision;
  let dispatcher: NotificationDispatcher | undefined;
  let services: AppServices | undefined;
  const app = await buildApp({
    config: { ...config, artifacts: config.artifacts ?? loadArtifactConfig({}, config.dataDir) }, store, prices, logger: options.logger, ingest: worker, decision, onNotificationsQueued: () => dispatcher?.poke(),
    onServices: (built) => { services = built; },
  });
  // OTLP over gRPC, off by default: the app's own auth (one key cache, so revocation applies) and OTLP ingest.
  // Loaded only when configured: @grpc/grpc-js is a few MB of idle memory otherwise.
  const otlpGrpc = config.otlpGrpcPort !== undefined && services
    ? (await import('./otlp/grpc-server.js')).createOtlpGrpcServer({
      host: config.otlpGrpcHost ?? config.host, port: config.otlpGrpcPort, bodyLimitBytes: config.bodyLimitBytes,
      rateLimits: config.rateLimits, auth: services.auth, otlp: services.otlp, log: app.log,
    })
    : undefined;
  // Webhook deliveries: pending notifications live in the database, so a restart resumes them.
  dispatcher = startNotificationDispatcher({ store: services ? services.monitoring.metrics.instrumentNotifications(store.decisions) : store.decisions, config: decision, log: app.log });
  // Artifact retention (TRACEHUB_ARTIFACT_RETENTION_DAYS): at start, then hourly.
  const retentionService = services?.retention;
  const artifactSweeper: ArtifactSweeper | undefined = services ? startArtifactSweeper(services.artifacts, app.log, undefined, () => retentionService?.artifactDays() ?? Promise.resolve(new Map())) : undefined;
  // Trace retention per project (docs/retention.md): small batches with pauses; several servers share it through the lease.
  const retentionWorker: RetentionWorker | undefined = retentionService ? startRetentionWorker(retentionService, (config.retention ?? DEFAULT_RETENTION_SETTINGS).intervalMs, app.log) : undefined;
  // Alert rules (TRACEHUB_ALERT_INTERVAL_SECONDS); several servers share the work through the rules' lease.
  const alertEvaluator: AlertEvaluator | undefined = services ? startAlertEvaluator(services.alerts, (config.alertIntervalSeconds ?? 60) * 1000, app.log) : undefined;
  // Application metric points older than TRACEHUB_METRIC_RETENTION_DAYS: at start, then hourly, in small batches.
  const metricRetention: MetricRetention | undefined = services
    ? startMetricRetention(store.appMetrics, { ...DEFAULT_METRIC_RETENTION, days: config.metricRetentionDays ?? DEFAULT_METRIC_RETENTION.days }, () => Date.now() * 1000, app.log)
    : undefined;
  // Online evaluators (docs/online-evaluators.md): polls committed traces, never the ingest path; several servers share the items.
  const onlineEvalWorker: OnlineEvalWorker | undefined = services ? startOnlineEvalWorker({
    store: store.onlineEvals, traces: store.traces, ingest: services.ingest, connections: services.modelConnections,
    prices, settings: config.onlineEvals ?? DEFAULT_ONLINE_EVAL_SETTINGS, now: () => Date.now() * 1000, log: app.log,
  }) : undefined;
  // Scheduled backups (TRACEHUB_BACKUP_DIR; docs/operations.md), loaded only when configured.
  // Several servers on one database write each due backup once: the lease is a row in the store (RetentionStore.claimJob).
  const backupSchedule = options.backups ?? config.backups;
  const backupScheduler: BackupScheduler | undefined = backupSchedule
    ? (await import('./backup/backup-scheduler.js')).startBackupScheduler({
      store: { databaseUrl: config.databaseUrl, dataDir: config.dataDir }, lease: store.retention, schedule: backupSchedule, log: app.log, registry: services?.monitoring.metrics.registry,
    })
    : undefined;
  if (bootstrapped) app.log.info({ project: 'default' }, 'created project "default" with the bootstrap API key');
  // Loud while a well-known key still opens a server other machines can reach.
  const keyAuth = createAuthService(store.projects, () => Date.now() * 1000);
  const keyWarning = await bootstrapKeyWarning(config.host, config.bootstrapKey, async (key) => (await keyAuth.authenticate(key)) !== null);
  if (keyWarning) app.log.warn({ host: config.host }, keyWarning);
  // First start: the web UI's `admin` user; a generated password is printed once, here.
  const admin = await createUserService(store.users, () => Date.now() * 1000).bootstrapAdmin(config.adminPassword);
  if (admin?.generatedPassword) {
    app.log.warn({ username: admin.username, password: admin.generatedPassword }, `created web UI user "admin" with password ${admin.generatedPassword} (shown once; change it under Settings → Users)`);
  } else if (admin) app.log.info({ username: admin.username }, 'created web UI user "admin" with the password from TRACEHUB_ADMIN_PASSWORD');
  return {
    app,
    store,
    otlpGrpc,
    // Every step is bounded (shutdown.ts): a hung request, worker or pool cannot stop the rest.
    async close() {
      await runShutdownSteps(
        [
          // Stops taking exports first; calls in flight get 5 s, then are cancelled.
          { name: 'otlp grpc server', run: () => otlpGrpc?.close(5_000), timeoutMs: 6_000 },
          { name: 'http server', run: () => app.close(), timeoutMs: 10_000 },
          { name: 'webhook dispatcher', run: () => dispatcher?.stop(), timeoutMs: 5_000 },
          { name: 'alert evaluator', run: () => alertEvaluator?.stop(), timeoutMs: 5_000 },
          { name: 'metric retention', run: () => metricRetention?.stop(), timeoutMs: 5_000 },
          { name: 'online evaluator', run: () => onlineEvalWorker?.stop(), timeoutMs: 10_000 },
          { name: 'artifact sweeper', run: () => artifactSweeper?.stop(), timeoutMs: 5_000 },
          { name: 'retention worker', run: () => retentionWorker?.stop(), timeoutMs: 5_000 },
          { name: 'backup scheduler', run: () => backupScheduler?.stop(), timeoutMs: 5_000 },
          // The worker bounds its own drain (10 s) and close (5 s).
          { name: 'ingest worker', run: () => worker?.close(), timeoutMs: 16_000 },
          { name: 'store', run: () => store.close(), timeoutMs: 5_000 },
        ],
        (step, error) => app.log.error({ err: error, step }, 'shutdown step failed'),
      );
    },
  };
}
