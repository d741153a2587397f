/** Environment → typed configuration. Read once in main.ts and injected everywhere else. */
import path from 'node:path';
import { z } from 'zod';
import { parseEnv } from './env.js';
import type { SecureCookiesMode } from './security-headers.js';
import { loadDecisionConfig, type DecisionConfig } from './decision/decision-config.js';
import { trustProxySchema, type TrustProxy } from './trust-proxy.js';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from './rate-limits.js';
import { loadArtifactConfig, type ArtifactConfig } from './artifacts/artifact-config.js';
import { DEFAULT_ONLINE_EVAL_SETTINGS, type OnlineEvalSettings } from './online-evals/online-eval-worker.js';
import { DEFAULT_METRIC_RETENTION } from './app-metrics/metric-retention.js';
import { DEFAULT_RETENTION_SETTINGS, retentionSettings, type RetentionSettings } from './retention/retention-service.js';
import type { BackupSchedule } from './backup/backup-scheduler.js';

// An empty variable (`X=` in .env) means "use the default", not 0 (which would turn a limit off).
const unsetIfEmpty = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === '' ? undefined : v), inner);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  TRACEHUB_DATA_DIR: z.string().min(1).default('./.tracehub'),
  TRACEHUB_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TRACEHUB_BOOTSTRAP_KEY: z.string().min(8, 'must be at least 8 characters').default('dev-key'),
  TRACEHUB_BODY_LIMIT_MB: z.coerce.number().positive().max(1024).default(10),
  TRACEHUB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRACEHUB_MODEL_PRICES_FILE: z.string().min(1).optional(),
  TRACEHUB_INGEST_WORKER: z.enum(['true', 'false']).default('true'),
  TRACEHUB_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  TRACEHUB_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(256).optional().or(z.literal('').transform(() => undefined)),
  TRACEHUB_TRUST_PROXY: trustProxySchema,
  TRACEHUB_RATE_LIMIT_PER_KEY: unsetIfEmpty(z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.perKey)),
  TRACEHUB_RATE_LIMIT_FAILED_AUTH_PER_IP: unsetIfEmpty(z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.failedAuthPerIp)),
  TRACEHUB_RATE_LIMIT_WINDOW_SECONDS: unsetIfEmpty(z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.windowMs / 1000)),
  // OTLP over gRPC: off unless a port is given (docs/otlp-grpc.md).
  TRACEHUB_OTLP_GRPC_PORT: unsetIfEmpty(z.coerce.number().int().min(0).max(65535).optional()),
  TRACEHUB_OTLP_GRPC_HOST: unsetIfEmpty(z.string().min(1).optional()),
  // Alert rules are evaluated in the background every this many seconds (docs/alerts.md).
  TRACEHUB_ALERT_INTERVAL_SECONDS: unsetIfEmpty(z.coerce.number().min(0.1).max(86_400).default(60)),
  // GET /metrics: a scrape token (Authorization: Bearer) and the application figures' window (docs/monitoring.md).
  TRACEHUB_METRICS_TOKEN: unsetIfEmpty(z.string().min(16, 'must be at least 16 characters').max(512).optional()),
  TRACEHUB_METRICS_WINDOW_MINUTES: unsetIfEmpty(z.coerce.number().int().min(1).max(1440).default(15)),
  // Application metric points are kept this many days (0: forever), trimmed in the background (docs/app-metrics.md).
  TRACEHUB_METRIC_RETENTION_DAYS: unsetIfEmpty(z.coerce.number().int().min(0).max(36_500).default(DEFAULT_METRIC_RETENTION.days)),
  // Online evaluators' background loop (docs/online-evaluators.md).
  TRACEHUB_ONLINE_EVAL_INTERVAL_MS: unsetIfEmpty(z.coerce.number().int().min(10).default(DEFAULT_ONLINE_EVAL_SETTINGS.intervalMs)),
  TRACEHUB_ONLINE_EVAL_SETTLE_MS: unsetIfEmpty(z.coerce.number().int().min(0).default(DEFAULT_ONLINE_EVAL_SETTINGS.settleMs)),
  TRACEHUB_ONLINE_EVAL_CONCURRENCY: unsetIfEmpty(z.coerce.number().int().min(1).default(DEFAULT_ONLINE_EVAL_SETTINGS.concurrency)),
  TRACEHUB_ONLINE_EVAL_MAX_ATTEMPTS: unsetIfEmpty(z.coerce.number().int().min(1).default(DEFAULT_ONLINE_EVAL_SETTINGS.maxAttempts)),
  TRACEHUB_ONLINE_EVAL_LEASE_MS: unsetIfEmpty(z.coerce.number().int().min(1_000).default(DEFAULT_ONLINE_EVAL_SETTINGS.leaseMs)),
  // Retention enforcement (docs/retention.md).
  TRACEHUB_RETENTION_INTERVAL_SECONDS: unsetIfEmpty(z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RETENTION_SETTINGS.intervalMs / 1000)),
  TRACEHUB_RETENTION_BATCH_SIZE: unsetIfEmpty(z.coerce.number().int().min(1).max(10_000).default(DEFAULT_RETENTION_SETTINGS.batchSize)),
  TRACEHUB_RETENTION_PAUSE_MS: unsetIfEmpty(z.coerce.number().int().min(0).max(60_000).default(DEFAULT_RETENTION_SETTINGS.pauseMs)),
  // Scheduled backups, off without a directory (docs/operations.md).
  TRACEHUB_BACKUP_DIR: unsetIfEmpty(z.string().min(1).optional()),
  TRACEHUB_BACKUP_INTERVAL_HOURS: unsetIfEmpty(z.coerce.number().min(0.01).max(24 * 366).default(24)),
  TRACEHUB_BACKUP_KEEP: unsetIfEmpty(z.coerce.number().int().min(1).max(10_000).default(7)),
});

/** The server's configuration. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  bootstrapKey: string;
  bodyLimitBytes: number;
  logLevel: z.infer<typeof schema>['TRACEHUB_LOG_LEVEL'];
  modelPricesFile?: string;
  /** SQLite only: run ingestion in a worker thread (default true). */
  ingestWorker: boolean;
  /** Password of the web UI user `admin` created on first start (default: generated and logged once). */
  adminPassword?: string;
  /** Session cookies `Secure`: `auto` (default; when the request came over https, through a trusted proxy too), `true`, `false`. */
  secureCookies?: SecureCookiesMode;
  /** Decision engine settings (TRACEHUB_JUDGE_*, TRACEHUB_WEBHOOK_*); see docs/decision-engine.md. */
  decision: DecisionConfig;
  /** Which reverse proxies to trust for the client address and protocol (TRACEHUB_TRUST_PROXY, default false). */
  trustProxy?: TrustProxy;
  /** Per-key and per-address rate limits (TRACEHUB_RATE_LIMIT_*); absent = no rate limits (tests). */
  rateLimits?: RateLimitConfig;
  /** OTLP/gRPC port (TRACEHUB_OTLP_GRPC_PORT); absent = no gRPC server (default). docs/otlp-grpc.md. */
  otlpGrpcPort?: number;
  /** OTLP/gRPC address (TRACEHUB_OTLP_GRPC_HOST); default `host`. */
  otlpGrpcHost?: string;
  /** Experiment artifact store (TRACEHUB_ARTIFACTS_*, TRACEHUB_ARTIFACT_*); absent = disk under dataDir, defaults. */
  artifacts?: ArtifactConfig;
  /** How often alert rules are evaluated (TRACEHUB_ALERT_INTERVAL_SECONDS, default 60). */
  alertIntervalSeconds?: number;
  /** `GET /metrics` settings: the scrape token (TRACEHUB_METRICS_TOKEN; absent = open like /health) and the figures' window (TRACEHUB_METRICS_WINDOW_MINUTES). */
  metrics?: { token?: string; windowMinutes: number };
  /** Days application metric points are kept (TRACEHUB_METRIC_RETENTION_DAYS, default 90; 0 = forever). */
  metricRetentionDays?: number;
  /** The online evaluators' loop (TRACEHUB_ONLINE_EVAL_*); absent = DEFAULT_ONLINE_EVAL_SETTINGS. */
  onlineEvals?: OnlineEvalSettings;
  /** Retention enforcement (TRACEHUB_RETENTION_*); absent = DEFAULT_RETENTION_SETTINGS. */
  retention?: RetentionSettings;
  /** Scheduled backups (TRACEHUB_BACKUP_*); absent when TRACEHUB_BACKUP_DIR is not set. */
  backups?: BackupSchedule;
}

/** Reads configuration from environment variables; throws one readable line per bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const e = parseEnv(schema, env);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.TRACEHUB_DATA_DIR,
    databaseUrl: e.TRACEHUB_DATABASE_URL,
    bootstrapKey: e.TRACEHUB_BOOTSTRAP_KEY,
    bodyLimitBytes: Math.round(e.TRACEHUB_BODY_LIMIT_MB * 1024 * 1024),
    logLevel: e.TRACEHUB_LOG_LEVEL,
    modelPricesFile: e.TRACEHUB_MODEL_PRICES_FILE,
    ingestWorker: e.TRACEHUB_INGEST_WORKER === 'true',
    adminPassword: e.TRACEHUB_ADMIN_PASSWORD,
    secureCookies: e.TRACEHUB_SECURE_COOKIES,
    decision: loadDecisionConfig(env),
    trustProxy: e.TRACEHUB_TRUST_PROXY,
    rateLimits: {
      perKey: e.TRACEHUB_RATE_LIMIT_PER_KEY,
      failedAuthPerIp: e.TRACEHUB_RATE_LIMIT_FAILED_AUTH_PER_IP,
      windowMs: e.TRACEHUB_RATE_LIMIT_WINDOW_SECONDS * 1000,
    },
    otlpGrpcPort: e.TRACEHUB_OTLP_GRPC_PORT,
    otlpGrpcHost: e.TRACEHUB_OTLP_GRPC_HOST,
    artifacts: loadArtifactConfig(env, e.TRACEHUB_DATA_DIR),
    alertIntervalSeconds: e.TRACEHUB_ALERT_INTERVAL_SECONDS,
    metrics: { token: e.TRACEHUB_METRICS_TOKEN, windowMinutes: e.TRACEHUB_METRICS_WINDOW_MINUTES },
    metricRetentionDays: e.TRACEHUB_METRIC_RETENTION_DAYS,
    onlineEvals: {
      intervalMs: e.TRACEHUB_ONLINE_EVAL_INTERVAL_MS, settleMs: e.TRACEHUB_ONLINE_EVAL_SETTLE_MS, concurrency: e.TRACEHUB_ONLINE_EVAL_CONCURRENCY,
      maxAttempts: e.TRACEHUB_ONLINE_EVAL_MAX_ATTEMPTS, leaseMs: e.TRACEHUB_ONLINE_EVAL_LEASE_MS,
    },
    retention: retentionSettings(e.TRACEHUB_RETENTION_INTERVAL_SECONDS, e.TRACEHUB_RETENTION_BATCH_SIZE, e.TRACEHUB_RETENTION_PAUSE_MS),
    backups: e.TRACEHUB_BACKUP_DIR
      ? { dir: path.resolve(e.TRACEHUB_BACKUP_DIR), intervalMs: e.TRACEHUB_BACKUP_INTERVAL_HOURS * 3_600_000, keep: e.TRACEHUB_BACKUP_KEEP }
      : undefined,
  };
}
