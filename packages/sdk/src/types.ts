/**
 * Public types of the Trace Hub SDK. Field names are camelCase; the SDK converts them to the
 * snake_case wire format of docs/ingest-api.md when it serialises a batch in the background.
 */
import type { Transport } from './transport.js';

/** Status of a trace or span on the wire. */
export type TraceStatus = 'running' | 'success' | 'error';

/** A point in time: a `Date`, epoch milliseconds, or an ISO 8601 string (sent as given). */
export type TimeInput = Date | number | string;

/** Free-form JSON object stored as attributes or metadata. */
export type Attributes = Record<string, unknown>;

/** Token usage of an LLM call; every field is optional. */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cachedInputTokens?: number;
}

/** Something went wrong inside the SDK (delivery, overflow, bad call); never thrown at the host. */
export interface TraceHubError {
  /** `overflow` (queue full, items dropped), `delivery` (a request failed for good), `rejected`
   * (the server refused items), `usage` (an SDK call could not be honoured), `internal`. */
  kind: 'overflow' | 'delivery' | 'rejected' | 'usage' | 'internal';
  message: string;
  cause?: unknown;
}

/** Options of `createTraceHub()`; every one has a default. */
export interface TraceHubOptions {
  /** Server root such as `http://localhost:3000` (a trailing `/api/v1` is ignored). Default: `TRACEHUB_HOST`, else `http://localhost:3000`. */
  baseUrl?: string;
  /** Project API key sent as `x-api-key`. Default: `TRACEHUB_API_KEY`. */
  apiKey?: string;
  /** Environment stamped on traces this client starts (`environment` field). */
  environment?: string;
  /** Release stamped on traces this client starts (`release` field). */
  release?: string;
  /** Send queued items at least this often. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Most queue entries per request; reaching it starts a send at once. Default 512. */
  maxBatchSize?: number;
  /** Queue bound; items recorded while it is full are dropped and counted. Default 10000. */
  maxQueueSize?: number;
  /** Retries of one request after the first attempt. Default 5. */
  maxRetries?: number;
  /** Timeout of one HTTP attempt. Default 10000 ms. */
  requestTimeoutMs?: number;
  /** No retry starts after this long since the first attempt of a request. Default 30000 ms. */
  retryDeadlineMs?: number;
  /** First backoff ceiling; doubles per attempt (full jitter). Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Largest backoff ceiling. Default 10000 ms. */
  retryMaxDelayMs?: number;
  /** Default wait of `flush()`. Default 30000 ms. */
  flushTimeoutMs?: number;
  /** Default wait of `shutdown()`. Default 5000 ms. */
  shutdownTimeoutMs?: number;
  /** Longest the process is kept alive on exit (`beforeExit`) to send what is queued; 0 turns the hook off. Default 3000 ms. */
  exitFlushTimeoutMs?: number;
  /** Called with SDK problems; default: `console.warn` once per kind. Exceptions it throws are ignored. */
  onError?: (error: TraceHubError) => void;
  /** False makes every call a cheap no-op (nothing queued or sent). Default true. */
  enabled?: boolean;
  /** Become the client `observe()` and `wrapOpenAI()` use when none is given. Default: true for the first client. */
  setAsDefault?: boolean;
  /** Replaces the HTTP transport (tests, benchmarks, custom delivery); retries still wrap it. */
  transport?: Transport;
  /** Environment variables read for defaults. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Options of `startTrace()`. */
export interface StartTraceOptions {
  name?: string;
  /** Use this id instead of a new uuid. */
  traceId?: string;
  inputText?: string;
  model?: string;
  environment?: string;
  userId?: string;
  sessionId?: string;
  attributes?: Attributes;
  tags?: string[];
  release?: string;
  version?: string;
  userReviewPassed?: boolean;
  startTime?: TimeInput;
}

/** Options of `endTrace()`. */
export interface EndTraceOptions {
  /** Default: the current trace. */
  traceId?: string;
  /** Default `success`. */
  status?: TraceStatus;
  outputText?: string;
  attributes?: Attributes;
  tags?: string[];
  userReviewPassed?: boolean;
  endTime?: TimeInput;
}

/** Options of `startSpan()`. */
export interface StartSpanOptions {
  /** `llm`, `tool`, `retriever`, `chain`, `agent`, … Default `span`. */
  spanType?: string;
  /** Read when the batch is sent; a shallow copy is taken at start. */
  attributes?: Attributes;
  /** Any JSON; serialised when the batch is sent, so do not mutate it afterwards. */
  input?: unknown;
  model?: string;
  /** Parent span (handle or id). Default: the current span of this async context. */
  parent?: SpanHandle | string;
  /** Trace to attach to. Default: the parent's or the current trace; a new trace otherwise. */
  traceId?: string;
  spanId?: string;
  startTime?: TimeInput;
  /** Make the span current for code that follows in this async context (like Python's
   * contextvars). Default true. Use `observe()`/`withSpan()` for concurrently started work. */
  active?: boolean;
}

/** Options of `span.end()` / `endSpan()`. */
export interface EndSpanOptions extends Usage {
  /** Default `success`. */
  status?: TraceStatus;
  /** Any JSON; serialised when the batch is sent. */
  output?: unknown;
  model?: string;
  /** Alternative to the top-level token fields. */
  usage?: Usage;
  /** USD; the server prices known models when absent. */
  cost?: number;
  statusMessage?: string;
  /** Merged into the span's attributes. */
  attributes?: Attributes;
  endTime?: TimeInput;
}

/** Options of `endSpan()` when no handle is at hand. */
export interface EndSpanByIdOptions extends EndSpanOptions {
  /** Default: the current span. */
  spanId?: string;
  /** Needed only for a span that is not in this context. */
  traceId?: string;
}

/** Options of `logEvent()`. */
export interface LogEventOptions {
  metadata?: Attributes;
  /** Default `INFO`. */
  level?: string;
  /** Default: the current span; a trace-level log when no span is open. */
  spanId?: string;
  traceId?: string;
}

/** Options of `attachEval()`; at least one of `score`, `passed`, `label` is required. */
export interface AttachEvalOptions {
  evalName: string;
  score?: number;
  passed?: boolean;
  label?: string;
  evalModel?: string;
  /** Default: the current trace. */
  traceId?: string;
  spanId?: string;
  comment?: unknown;
  metadata?: Attributes;
  userReviewPassed?: boolean;
  /** Default `sdk`. */
  source?: 'api' | 'sdk' | 'judge' | 'human' | 'experiment';
  evalTime?: TimeInput;
}

/** Handle of an open span: ids plus the calls that act on it. */
export interface SpanHandle {
  readonly spanId: string;
  readonly traceId: string;
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly ended: boolean;
  /** Close the span (status `success` unless given); later calls are ignored. */
  end(options?: EndSpanOptions): void;
  /** Add attributes, sent with the span's END event. */
  setAttributes(attributes: Attributes): void;
  /** Record a LOG event on this span. */
  log(message: string, options?: { level?: string; metadata?: Attributes }): void;
  /** Record an ERROR event (status → error); the span stays open until `end()`. */
  recordError(error: unknown): void;
}

/** Counters of one client, in queue items (span events, traces, evals, runs). */
export interface TraceHubStats {
  /** Waiting in the queue now. */
  queued: number;
  /** Accepted by the server (duplicates included). */
  sent: number;
  /** Never queued because the queue was full, or recorded after shutdown. */
  dropped: number;
  /** Refused by the server or undeliverable after retries. */
  failed: number;
}
