/**
 * The storage seams the services use. Each backend (sqlite/, postgres/) implements them; the
 * contract suite in testing/store-contract.ts is what "implements" means.
 */
import type { SessionListQuery, TraceListQuery } from '@tracehub/core';
import type {
  ApiKeyRow,
  EvalRow,
  LatencyRollupDelta,
  ProjectRow,
  RollupDeltas,
  SpanEventRow,
  SpanLink,
  SpanRollupDelta,
  SpanRow,
  TraceRollupDelta,
  TraceRow,
} from './rows.js';
import type { DecisionStore } from './decision-store.js';
import type { PromptStore } from './prompt-store.js';
import type { DatasetStore } from './dataset-store.js';
import type { UserStore } from './user-store.js';
import type { ExperimentStore } from './experiment-store.js';
import type { AbTestStore } from './ab-test-store.js';
import type { AlertStore } from './alert-store.js';
import type { OnlineEvalStore } from './online-eval-store.js';
import type { AnnotationQueueStore } from './annotation-queue-store.js';
import type { AppMetricStore, DashboardStore } from './app-metric-store.js';
import type { RetentionStore } from './retention-store.js';

/** Writes available inside one ingest transaction. Everything commits together or not at all. */
export interface IngestTx {
  /** Serialises writers of the same traces until the transaction ends (sorted to avoid deadlocks). */
  lockTraces(projectId: string, traceIds: string[]): Promise<void>;
  /** Records idempotency keys; answers the ones that were not seen before in this project. */
  claimIdempotencyKeys(projectId: string, keys: string[]): Promise<Set<string>>;
  getTraces(projectId: string, traceIds: string[]): Promise<TraceRow[]>;
  getSpans(projectId: string, traceId: string, spanIds: string[]): Promise<SpanRow[]>;
  /** Every span of the trace, without payloads: links, times and usage. */
  getSpanLinks(projectId: string, traceId: string): Promise<SpanLink[]>;
  /** Which of these span ids exist in the trace (cheaper than getSpans). */
  findSpanIds(projectId: string, traceId: string, spanIds: string[]): Promise<Set<string>>;
  putTraces(rows: TraceRow[]): Promise<void>;
  putSpans(rows: SpanRow[]): Promise<void>;
  addSpanEvents(rows: SpanEventRow[]): Promise<void>;
  addEvals(rows: EvalRow[]): Promise<void>;
  addRollups(deltas: RollupDeltas): Promise<void>;
}

/** Which traces the miss-query candidates come from: started in [from, to), newest `limit` of them. */
export interface MissQueryFilter {
  from: number;
  to: number;
  limit: number;
  /** Traces of this environment (experiment runs) are left out. */
  excludeEnvironment?: string;
}

/** A trace that went wrong (error, BLOCK/ESCALATE, negative review or failing score), with its input prefix. */
export interface MissQueryCandidate {
  trace_id: string;
  name: string | null;
  start_time: number;
  status: string;
  decision_action: string | null;
  user_review_passed: boolean | null;
  input_text: string | null;
  /** The trace's failing scores (newest first, at most 20). */
  failed_evals: { eval_name: string; source: string }[];
}

/** A page of traces. */
export interface TracePage {
  rows: TraceRow[];
  total: number;
  /** A search counted only up to its cap (TRACE_SEARCH_TOTAL_CAP or the end of the page): more traces match than `total`. */
  total_is_lower_bound: boolean;
}

/** One evaluation name's scores on one trace: mean score (null without numeric scores), count, passed and failed. */
export interface TraceScoreRow {
  trace_id: string;
  name: string;
  avg: number | null;
  count: number;
  passed: number;
  failed: number;
}

/** Rollup rows of a time window, for the stats overview. */
export interface StatsRollups {
  traces: TraceRollupDelta[];
  spans: SpanRollupDelta[];
  latency: LatencyRollupDelta[];
  /** Span counts by type over the whole window. */
  spanTypes: { span_type: string; spans: number; errors: number }[];
  /** Evaluations of the traces that started in the window (under the filter). */
  evals: { passed: number; failed: number; total: number };
  /** Decisions of the traces that started in the window (under the filter), by action. */
  decisions: Record<string, number>;
  /** Traces that started in the window (under the filter) with unpriced spans: their cost is a lower bound. */
  unpricedTraces: number;
}

/**
 * What the stats count: traces of one `environment`, without `excludeEnvironment` (experiment
 * traces, with their evaluations of source `excludeEnvironment`), of one `name`. The trace rollups
 * have environment but no name: with a `name`, the trace series come from {@link TraceReadStore.traceStatsRows}.
 */
export interface StatsFilter {
  environment?: string;
  excludeEnvironment?: string;
  name?: string;
}

/** The trace columns the stats fold into rollup rows. */
export type TraceStatsRow = Pick<
  TraceRow,
  'project_id' | 'start_time' | 'environment' | 'model' | 'status' | 'open_span_count' | 'input_tokens' | 'output_tokens' | 'total_tokens' | 'cost' | 'latency_ms'
>;

/** Traces under a {@link StatsFilter} that started outside a window, and the latest start of any of them. */
export interface TracesOutside {
  before: number;
  after: number;
  latest: number | null;
}

/**
 * Filters of the trace list, with times already in microseconds; `release`, `version` and `tags`
 * (every one of them) serve the Langfuse API's trace list.
 */
export type TraceFilter = TraceListQuery & { release?: string; version?: string; tags?: string[] };

/** Filters of the session list; `from`/`to` (microseconds) keep sessions with a trace starting in [from, to). */
export type SessionFilter = SessionListQuery & { from?: number; to?: number };

/** Filters of the span list across traces (the Langfuse API's observations); times in microseconds. */
export interface SpanFilter {
  trace_id?: string;
  span_id?: string;
  name?: string;
  /** Any of these span types. */
  span_types?: string[];
  parent_span_id?: string;
  /** Spans of traces of this user. */
  user_id?: string;
  /** Spans of traces of this session. */
  session_id?: string;
  /** true: only spans without a parent; false: only spans with one. */
  root?: boolean;
  level?: string;
  /** Start time in [from, to). */
  from?: number;
  to?: number;
  page: number;
  page_size: number;
}

/** Filters of the evaluation list across traces (the Langfuse API's scores); times in microseconds. */
export interface EvalFilter {
  trace_id?: string;
  span_id?: string;
  eval_id?: string;
  idempotency_key?: string;
  eval_name?: string;
  /** Any of these sources. */
  sources?: string[];
  /** Evaluations of traces of this user. */
  user_id?: string;
  /** Evaluation time in [from, to). */
  from?: number;
  to?: number;
  page: number;
  page_size: number;
}

/** One session summary row. */
export interface SessionRow {
  session_id: string;
  trace_count: number;
  first_time: number;
  last_time: number;
  /** The first users (by first trace), at most SESSION_USER_LIMIT; `user_count` counts every one. */
  user_ids: string[];
  user_count: number;
  error_count: number;
  total_tokens: number;
  cost: number;
  /** Unpriced spans of the session's traces (TraceRow.unpriced_span_count summed). */
  unpriced_span_count: number;
}

/**
 * The read side of traces: list, detail, sessions and stats from rollups. A span store for very large
 * volumes (e.g. a column store) implements this and the write side below, nothing more.
 */
export interface TraceReadStore {
  listTraces(projectId: string, filter: TraceFilter): Promise<TracePage>;
  /** Traces that went wrong in a window, newest first (the top miss-queries' candidates). */
  missQueryCandidates(projectId: string, filter: MissQueryFilter): Promise<MissQueryCandidate[]>;
  /** The scores of these traces by evaluation name, in one query (the list's score columns). */
  traceScores(projectId: string, traceIds: string[]): Promise<TraceScoreRow[]>;
  getTrace(projectId: string, traceId: string): Promise<TraceRow | null>;
  getTraceSpans(projectId: string, traceId: string): Promise<SpanRow[]>;
  getTraceEvents(projectId: string, traceId: string): Promise<SpanEventRow[]>;
  getTraceEvals(projectId: string, traceId: string): Promise<EvalRow[]>;
  /**
   * Rollups with bucket in [from, to) microseconds, summed per `bucketMicros`-wide bucket; the
   * filter's environments narrow the trace series (span series have no environment), and the evals
   * and decisions are those of traces that started in [from, to) under the whole filter.
   */
  statsRollups(projectId: string, from: number, to: number, bucketMicros: number, filter?: StatsFilter): Promise<StatsRollups>;
  /** The traces under `filter` that started in [from, to), at most `limit` of them (oldest first). */
  traceStatsRows(projectId: string, from: number, to: number, filter: StatsFilter, limit: number): Promise<TraceStatsRow[]>;
  /** How many traces under `filter` started before `from` and at or after `to`, and the latest start of any. */
  tracesOutside(projectId: string, from: number, to: number, filter: StatsFilter): Promise<TracesOutside>;
  listSessions(projectId: string, query: SessionFilter): Promise<{ rows: SessionRow[]; total: number }>;
  getSessionTraces(projectId: string, sessionId: string, limit: number): Promise<TraceRow[]>;
  /** Spans across traces, oldest start first (then trace and span id), with the total count. */
  listSpans(projectId: string, filter: SpanFilter): Promise<{ rows: SpanRow[]; total: number }>;
  /** Evaluations across traces, newest first (by evaluation time, then id), with the total. */
  listEvals(projectId: string, filter: EvalFilter): Promise<{ rows: EvalRow[]; total: number }>;
}

/**
 * The write side of traces: ingestion through one transaction over the IngestTx seam (span events
 * are appended, never updated; the span and trace rows and the rollups are derived views kept in
 * step), and deletion of a whole trace.
 */
export interface TraceWriteStore {
  /** Runs `work` in one write transaction; the result is returned only after the commit. */
  ingest<T>(work: (tx: IngestTx) => Promise<T>): Promise<T>;
  /**
   * Deletes a trace with its spans, span events, evaluations, decisions, judge runs, cases and their
   * notifications, in one transaction; never reads the trace, so broken stored data cannot stop it.
   * Rollups and idempotency keys stay. Answers false when the project has no such trace.
   */
  deleteTrace(projectId: string, traceId: string): Promise<boolean>;
  /** Deletes one evaluation (its idempotency key stays); answers false when the project has no such evaluation. */
  deleteEval(projectId: string, evalId: string): Promise<boolean>;
}

/** Traces, spans, events and evals: the read side and the write side. */
export interface TraceStore extends TraceReadStore, TraceWriteStore {}

/**
 * Where an ingest worker thread opens its own connection to a store. Opaque to services: server.ts
 * passes it to the worker, which opens it with `openIngestWorkerStore` (create-store.ts).
 */
export interface IngestWorkerTarget {
  readonly backend: 'sqlite';
  readonly file: string;
}

/** Projects and their API keys. */
export interface ProjectStore {
  countProjects(): Promise<number>;
  listProjects(): Promise<ProjectRow[]>;
  getProject(projectId: string): Promise<ProjectRow | null>;
  /** Creates a project; answers null when the name is taken. */
  createProject(row: ProjectRow): Promise<ProjectRow | null>;
  createApiKey(row: ApiKeyRow): Promise<void>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRow | null>;
  listApiKeys(projectId: string): Promise<ApiKeyRow[]>;
  /** Marks a key revoked; answers false when the project has no such key. */
  revokeApiKey(projectId: string, keyId: string, at: number): Promise<boolean>;
}

/** Outcome of running migrations at start. */
export interface MigrationReport {
  applied: string[];
  pending: string[];
}

/** A storage backend. */
export interface Store {
  /**
   * Which backend this is, as a label for the startup log and the readiness answer (`database`);
   * code never branches on it (dialect differences are sql/sql-capabilities.ts).
   */
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Set when ingestion should run in a worker thread over its own connection (SQLite: one writer,
   * so parsing and writing then use both cores); undefined when the backend needs none.
   */
  readonly ingestWorkerTarget?: IngestWorkerTarget;
  readonly traces: TraceStore;
  readonly projects: ProjectStore;
  /** Policies, decisions, cases and webhook notifications. */
  readonly decisions: DecisionStore;
  /** Prompt versions and labels. */
  readonly prompts: PromptStore;
  /** Datasets, their immutable versions and items. */
  readonly datasets: DatasetStore;
  /** UI users and their sign-in sessions. */
  readonly users: UserStore;
  /** Experiment runs and their items with per-item scores. */
  readonly experiments: ExperimentStore;
  /** A/B test definitions and the traces attributed to them. */
  readonly abTests: AbTestStore;
  /** Alert rules and their alerts (history). */
  readonly alerts: AlertStore;
  /** Online evaluation rules and their work items. */
  readonly onlineEvals: OnlineEvalStore;
  /** Annotation queues: traces queued for human review, their locks and reviews. */
  readonly annotationQueues: AnnotationQueueStore;
  /** Application metric points (OTLP metrics and the JSON points endpoint). */
  readonly appMetrics: AppMetricStore;
  /** Custom dashboards per project. */
  readonly dashboards: DashboardStore;
  /** Per-project retention settings and batch deletion of traces (docs/retention.md). */
  readonly retention: RetentionStore;
  migrate(): Promise<MigrationReport>;
  /** Database reachable and every migration applied. */
  readiness(): Promise<{ ok: boolean; reason?: string }>;
  /** The database's size in bytes (SQLite: the file with its WAL; PostgreSQL: pg_database_size), for `/metrics`. */
  storageBytes?(): Promise<number | null>;
  close(): Promise<void>;
}
