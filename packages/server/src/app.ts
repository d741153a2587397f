/** The Fastify app factory: wires services and routes over an opened, migrated store. */
import { readBackupOutcome } from './backup/backup-outcome.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { PriceTable } from '@tracehub/core';
import type { Config } from './config.js';
import type { Store } from './storage/store.js';
import { errorAnswer } from './http-errors.js';
import { registerRateLimits } from './rate-limits.js';
import { fastifyTrustProxy } from './trust-proxy.js';
import { registerJsonBodyParser } from './json-depth.js';
import { createAuthService, type AuthContext, type AuthService } from './auth/auth-service.js';
import { createProjectService, type ProjectService } from './auth/project-service.js';
import { createReadinessService, type ReadinessService } from './health/readiness-service.js';
import { createOtlpIngestService, type OtlpIngestService } from './otlp/otlp-ingest-service.js';
import { registerAuth } from './auth/auth-hook.js';
import fastifyCookie from '@fastify/cookie';
import { registerSecurityHeaders } from './security-headers.js';
import { createUserService, type UserService } from './auth/user-service.js';
import { createMembershipService, type MembershipService } from './auth/membership-service.js';
import { createSessionService, type SessionService } from './auth/session-service.js';
import { createSessionAuthenticator } from './auth/session-auth.js';
import { authRoutes } from './routes/auth.js';
import { userRoutes } from './routes/users.js';
import { webRoutes } from './routes/web.js';
import { createIngestService, type IngestService } from './ingest/ingest-service.js';
import { createTraceQueryService, type TraceQueryService } from './traces/trace-query-service.js';
import { createStatsService } from './traces/stats-service.js';
import type { PolicyService } from './decision/policy-service.js';
import type { DecisionService } from './decision/decision-service.js';
import type { CaseService } from './decision/case-service.js';
import type { WebhookDestinationService } from './decision/webhook-destination-service.js';
import { loadDecisionConfig, type DecisionConfig } from './decision/decision-config.js';
import { createDecisionServices } from './decision/decision-services.js';
import { createPromptService, type PromptService } from './prompts/prompt-service.js';
import { createDatasetService, type DatasetService } from './datasets/dataset-service.js';
import { healthRoutes } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
import { traceRoutes } from './routes/traces.js';
import { sessionRoutes } from './routes/sessions.js';
import { adminRoutes } from './routes/admin.js';
import { openapiRoutes } from './routes/openapi.js';
import { otlpRoutes } from './routes/otlp.js';
import { appMetricRoutes } from './routes/app-metrics.js';
import { createAppMetricService } from './app-metrics/index.js';
import { dashboardRoutes } from './routes/dashboards.js';
import { createDashboardService } from './dashboards/index.js';
import { langfuseRoutes } from './routes/langfuse/index.js';
import { policyRoutes } from './routes/policies.js';
import { decideRoutes } from './routes/decide.js';
import { caseRoutes } from './routes/cases.js';
import { notificationRoutes } from './routes/notifications.js';
import { webhookRoutes } from './routes/webhooks.js';
import { promptRoutes } from './routes/prompts.js';
import { datasetRoutes } from './routes/datasets.js';
import { createExperimentService, type ExperimentService } from './experiments/experiment-service.js';
import { experimentRoutes } from './routes/experiments.js';
import { experimentArtifactRoutes } from './routes/experiment-artifacts.js';
import { createArtifactService, type ArtifactService } from './artifacts/artifact-service.js';
import { createArtifactBackend, type ArtifactConfig } from './artifacts/artifact-config.js';
import { removingArtifacts } from './artifacts/experiments-with-artifacts.js';
import { createAbTestService, type AbTestService } from './ab-tests/ab-test-service.js';
import { abTestRoutes } from './routes/ab-tests.js';
import { createFeedbackService, type FeedbackService } from './feedback/feedback-service.js';
import { feedbackRoutes } from './routes/feedback.js';
import { createAlertService, type AlertService } from './alerts/alert-service.js';
import { createDiskProbe } from './alerts/alert-figures.js';
import { alertRoutes } from './routes/alerts.js';
import { createOnlineEvalService, type OnlineEvalService } from './online-evals/online-eval-service.js';
import { createJudgeAgreementSource } from './online-evals/judge-agreement.js';
import { createModelConnections, type ModelConnections } from './model-connections/model-connections.js';
import { createPlaygroundService, type PlaygroundService } from './playground/playground-service.js';
import { playgroundRoutes } from './routes/playground.js';
import { evaluationRuleRoutes } from './routes/evaluation-rules.js';
import { createRetentionService, type RetentionService } from './retention/retention-service.js';
import { retentionRoutes } from './routes/retention.js';
import { createMonitoringService, type MonitoringService } from './monitoring/monitoring-service.js';
import { metricsRoutes } from './routes/metrics.js';
import { createMissQueryService, type MissQueryService } from './miss-queries/miss-query-service.js';
import { missQueryRoutes } from './routes/miss-queries.js';
import { createAnnotationQueueService, type AnnotationQueueService } from './annotation-queues/annotation-queue-service.js';
import { annotationQueueRoutes } from './routes/annotation-queues.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
}

/** Everything the routes need. */
export interface AppServices {
  /** Whether the database is ready (`GET /ready`). */
  readiness: ReadinessService;
  auth: AuthService;
  /** Projects and their API keys as the API shows them. */
  projects: ProjectService;
  ingest: IngestService;
  /** OTLP exports mapped onto the ingest service. */
  otlp: OtlpIngestService;
  traces: TraceQueryService;
  stats: ReturnType<typeof createStatsService>;
  policies: PolicyService;
  decisions: DecisionService;
  cases: CaseService;
  /** Webhook destinations with their own signing secrets. */
  webhooks: WebhookDestinationService;
  prompts: PromptService;
  datasets: DatasetService;
  /** Experiment runs, their items and comparisons. */
  experiments: ExperimentService;
  /** The files of runs' results folders (disk or S3-compatible). */
  artifacts: ArtifactService;
  /** UI users (sign-in checks, admin management). */
  users: UserService;
  /** Project memberships of UI users (what grants access to a project's data). */
  memberships: MembershipService;
  /** UI sign-in sessions (not conversations). */
  userSessions: SessionService;
  /** A/B tests: definitions, assignment and results (docs/ab-tests.md). */
  abTests: AbTestService;
  /** End-user feedback by a write-only key (docs/ab-tests.md#user-feedback). */
  feedback: FeedbackService;
  /** `GET /metrics`: server health and application figures (Prometheus). */
  monitoring: MonitoringService;
  /** Top miss-queries: inputs of traces that went wrong, grouped by similar text. */
  missQueries: MissQueryService;
  /** Alert rules, their background evaluation and alerts (docs/alerts.md). */
  alerts: AlertService;
  /** Online evaluation rules, their backfills and the model connections (docs/online-evaluators.md). */
  onlineEvals: OnlineEvalService;
  /** Per-project retention, its enforcement, range deletion and disk use (docs/retention.md). */
  retention: RetentionService;
  /** Annotation queues: human review of traces, scores with source human (docs/annotation-queues.md). */
  annotationQueues: AnnotationQueueService;
  modelConnections: ModelConnections;
  playground: PlaygroundService;
}

/** What buildApp needs. */
export interface AppOptions {
  config: Pick<Config, 'bodyLimitBytes' | 'logLevel'> & Partial<Pick<Config, 'secureCookies' | 'trustProxy' | 'rateLimits' | 'artifacts' | 'metrics' | 'dataDir' | 'alertIntervalSeconds' | 'retention'>>;
  store: Store;
  prices: PriceTable;
  /** The ingest service to use (default: in-process over the store). */
  ingest?: IngestService;
  /** Clock in microseconds (default: the system clock). */
  now?: () => number;
  /** Pino logger options; default JSON logs at config.logLevel. */
  logger?: boolean | object;
  /** Directory of the built web UI (default packages/web/dist). */
  webDist?: string;
  /** Decision engine settings (default: from an empty environment, i.e. heuristics only, no webhooks). */
  decision?: DecisionConfig;
  /** Called when a decision queued webhook notifications (server.ts wakes its dispatcher). */
  onNotificationsQueued?: () => void;
  /** Called with the services once built (server.ts hands auth and OTLP ingest to the gRPC server). */
  onServices?: (services: AppServices) => void;
}

/** Builds the app. The store must already be migrated. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => Date.now() * 1000);
  const app = Fastify({
    logger: options.logger ?? { level: options.config.logLevel },
    bodyLimit: options.config.bodyLimitBytes,
    // One structured line per response (below) instead of Fastify's two per request.
    logController: new LogController({ disableRequestLogging: true }),
    // Route parameters are measured decoded; above the 128-character id limit, so every id ingest
    // accepts reads back and a longer one gets the schema's 400 rather than Fastify's default 100-character 404.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    // request.ip / request.protocol from X-Forwarded-* only through trusted proxies (TRACEHUB_TRUST_PROXY).
    trustProxy: fastifyTrustProxy(options.config.trustProxy),
  });
  // Without artifact settings (tests that build the app alone): a disk store in a fresh temporary folder.
  const artifactConfig: ArtifactConfig = options.config.artifacts ?? {
    backend: { kind: 'disk', dir: fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-artifacts-')) }, maxFileBytes: 100 * 1024 * 1024, retentionDays: 0,
  };
  const artifacts = createArtifactService({
    backend: await createArtifactBackend(artifactConfig),
    runExists: async (projectId, runId) => (await options.store.experiments.get(projectId, runId)) !== null,
    maxFileBytes: artifactConfig.maxFileBytes,
    retentionDays: artifactConfig.retentionDays,
  });
  const monitoring = createMonitoringService(options.store, now, { ...options.config.metrics, dataDir: options.config.dataDir });
  const base = {
    readiness: createReadinessService(options.store),
    auth: createAuthService(options.store.projects, now),
    projects: createProjectService(options.store.projects),
    ingest: monitoring.metrics.instrumentIngest(options.ingest ?? createIngestService({ store: options.store.traces, prices: options.prices, now })),
    traces: createTraceQueryService(options.store.traces, options.store.decisions, options.prices),
    stats: createStatsService(options.store.traces, now, options.prices),
    prompts: createPromptService(options.store.prompts, now),
    datasets: createDatasetService(options.store.datasets, options.store.traces, now),
    experiments: removingArtifacts(createExperimentService(options.store.experiments, now, undefined, options.store.traces), artifacts),
    artifacts,
    users: createUserService(options.store.users, now),
    memberships: createMembershipService(options.store.users, options.store.projects, now),
    userSessions: createSessionService(options.store.users, now),
    abTests: createAbTestService(options.store.abTests, now),
    monitoring,
    missQueries: createMissQueryService(options.store.traces, now),
  };
  const decisionConfig = options.decision ?? loadDecisionConfig({});
  const modelConnections = createModelConnections(decisionConfig.connections, decisionConfig.outbound);
  const decisionServices = createDecisionServices({ store: options.store, prices: options.prices, config: options.decision, now, onNotificationsQueued: options.onNotificationsQueued });
  const services: AppServices = {
    ...base,
    otlp: createOtlpIngestService(base.ingest),
    feedback: createFeedbackService(base.ingest, options.store.traces),
    annotationQueues: createAnnotationQueueService({
      store: options.store.annotationQueues, traces: base.traces, feedback: createFeedbackService(base.ingest, options.store.traces), datasets: base.datasets, now,
    }),
    ...decisionServices,
    // ab_srm rules read the A/B test service (alert-figures.ts AbSampleRatioSource); without one they stay `unavailable`.
    alerts: createAlertService({
      store: options.store.alerts, stats: base.stats, cases: decisionServices.cases, webhooks: decisionServices.webhooks, abTests: base.abTests,
      appMetrics: createAppMetricService(options.store.appMetrics, now),
      judgeAgreement: createJudgeAgreementSource(options.store.traces, now),
      backups: { outcome: () => readBackupOutcome(options.store.retention), now: () => Math.floor(now() / 1000) },
      disk: createDiskProbe(options.config.dataDir ?? '.', async () => (await options.store.storageBytes?.()) ?? null),
      config: options.decision ?? loadDecisionConfig({}), intervalMicros: (options.config.alertIntervalSeconds ?? 60) * 1_000_000, now,
      onNotificationsQueued: options.onNotificationsQueued,
    }),
    onlineEvals: createOnlineEvalService({
      store: options.store.onlineEvals, traces: options.store.traces, connections: modelConnections, prices: options.prices, now,
    }),
    modelConnections,
    playground: createPlaygroundService({ prompts: base.prompts, connections: modelConnections, ingest: base.ingest, prices: options.prices, now }),
    retention: createRetentionService({
      store: options.store.retention, now, settings: options.config.retention, defaultArtifactDays: artifactConfig.retentionDays, registry: monitoring.metrics.registry,
      disk: createDiskProbe(options.config.dataDir ?? '.', async () => (await options.store.storageBytes?.()) ?? null),
    }),
  };
  options.onServices?.(services);

  // Every failure is answered by the one mapping in http-errors.ts.
  app.setErrorHandler((error, request, reply) => {
    const contentType = request.headers['content-type'];
    const answer = errorAnswer(error, { contentType, bodyLimitBytes: options.config.bodyLimitBytes });
    if (answer.unexpected) request.log.error({ err: error }, 'request failed');
    if (answer.retryAfterSeconds !== undefined) reply.header('retry-after', String(answer.retryAfterSeconds));
    return reply.status(answer.statusCode).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` }),
  );

  app.addHook('onResponse', async (request, reply) => {
    if (request.url === '/health') return;
    request.log.info(
      { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
  });
  await registerSecurityHeaders(app);
  registerJsonBodyParser(app);
  await app.register(fastifyCookie);
  if (options.config.rateLimits) await registerRateLimits(app, options.config.rateLimits);
  registerAuth(app, services.auth, createSessionAuthenticator(services.userSessions, services.memberships));
  await app.register(metricsRoutes(services));
  await app.register(healthRoutes(services));
  await app.register(ingestRoutes(services), { prefix: '/api/v1' });
  await app.register(traceRoutes(services), { prefix: '/api/v1' });
  await app.register(missQueryRoutes(services), { prefix: '/api/v1' });
  await app.register(sessionRoutes(services), { prefix: '/api/v1' });
  await app.register(promptRoutes(services), { prefix: '/api/v1' });
  await app.register(datasetRoutes(services), { prefix: '/api/v1' });
  await app.register(experimentRoutes(services), { prefix: '/api/v1' });
  await app.register(experimentArtifactRoutes(services), { prefix: '/api/v1' });
  await app.register(abTestRoutes(services), { prefix: '/api/v1' });
  await app.register(feedbackRoutes(services), { prefix: '/api/v1' });
  await app.register(policyRoutes(services), { prefix: '/api/v1' });
  await app.register(decideRoutes(services), { prefix: '/api/v1' });
  await app.register(caseRoutes(services), { prefix: '/api/v1' });
  await app.register(notificationRoutes(services), { prefix: '/api/v1' });
  await app.register(webhookRoutes(services), { prefix: '/api/v1' });
  await app.register(alertRoutes(services), { prefix: '/api/v1' });
  await app.register(evaluationRuleRoutes(services), { prefix: '/api/v1' });
  await app.register(retentionRoutes(services), { prefix: '/api/v1' });
  await app.register(annotationQueueRoutes(services), { prefix: '/api/v1' });
  await app.register(playgroundRoutes(services), { prefix: '/api/v1' });
  await app.register(adminRoutes(services), { prefix: '/api/v1/admin' });
  await app.register(otlpRoutes(services, options.config.bodyLimitBytes));
  await app.register(appMetricRoutes({ appMetrics: createAppMetricService(options.store.appMetrics, now) }, options.config.bodyLimitBytes));
  await app.register(dashboardRoutes({ dashboards: createDashboardService({ store: options.store.dashboards, stats: services.stats, appMetrics: createAppMetricService(options.store.appMetrics, now), now }) }), { prefix: '/api/v1' });
  await app.register(langfuseRoutes(services));
  await app.register(openapiRoutes());
  await app.register(authRoutes(services, { secureCookies: options.config.secureCookies }), { prefix: '/api/v1' });
  await app.register(userRoutes(services), { prefix: '/api/v1' });
  await app.register(webRoutes({ distDir: options.webDist }));
  return app;
}
