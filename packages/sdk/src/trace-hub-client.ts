/**
 * The client interface returned by `createTraceHub()`: the camelCase twin of the Python SDK's
 * `LLMTraceClient`, plus `withSpan`, `observe` and `wrapOpenAI`. No method throws into the host
 * or waits for the network; `flush` and `shutdown` are the only async calls and never reject.
 */
import type {
  EndLanggraphNodeOptions,
  EndLanggraphRunOptions,
  IngestLanggraphRunOptions,
  StartLanggraphNodeOptions,
  StartLanggraphRunOptions,
} from './langgraph-types.js';
import type { ObserveOptions } from './observe.js';
import type { OpenAILike, WrapOpenAIOptions } from './openai-wrapper.js';
import type {
  AttachEvalOptions,
  EndSpanByIdOptions,
  EndTraceOptions,
  LogEventOptions,
  SpanHandle,
  StartSpanOptions,
  StartTraceOptions,
  TraceHubStats,
} from './types.js';

/** A Trace Hub client: records on the caller's thread, delivers in the background. */
export interface TraceHubClient {
  /** Starts a trace, makes it current in this async context and returns its id (uuid). */
  startTrace(options?: StartTraceOptions): string;
  /** Closes a trace (default: the current one) with status `success` unless given. */
  endTrace(options?: EndTraceOptions): void;
  /** Opens a span under the current span (or `options.parent`); a new trace when there is none. */
  startSpan(name: string, options?: StartSpanOptions): SpanHandle;
  /** Ends a span by id (default: the current span); prefer `handle.end()`. */
  endSpan(options?: EndSpanByIdOptions): void;
  /** Records a LOG event on the current span (or `spanId`); trace-level when no span is open. */
  logEvent(message: string, options?: LogEventOptions): void;
  /** Records an ERROR event (message, type, stack) on the current span (or `spanId`). */
  logError(error: unknown, options?: { spanId?: string; traceId?: string }): void;
  /** Attaches an evaluation to a trace (default: current) or span; needs score, passed or label. */
  attachEval(options: AttachEvalOptions): void;
  /** Starts a LangGraph run: a trace plus a root `graph` span made current; returns the trace id. */
  startLanggraphRun(options: StartLanggraphRunOptions): string;
  /** Opens the span of one node under its parent node's span, else the run's root span. */
  startLanggraphNode(options: StartLanggraphNodeOptions): SpanHandle;
  /** Ends the latest open span of a node with its output state. */
  endLanggraphNode(options: EndLanggraphNodeOptions): void;
  /** Ends a run: open nodes, the root span and (when the run started it) the trace. */
  endLanggraphRun(options?: EndLanggraphRunOptions): void;
  /** Queues a finished run for `POST /ingest/langgraph-runs`; returns its trace id. */
  ingestLanggraphRun(run: IngestLanggraphRunOptions): string;
  /** Runs `fn` with `span` as the current span for it and everything it awaits. */
  withSpan<R>(span: SpanHandle, fn: () => R): R;
  /** Wraps `fn` in a span on this client (see the standalone `observe`). */
  observe<F extends (...args: any[]) => any>(name: string, fn: F, options?: Omit<ObserveOptions, 'client'>): F;
  /** Records an OpenAI client's calls on this client (see the standalone `wrapOpenAI`). */
  wrapOpenAI<T extends OpenAILike>(openai: T, options?: Omit<WrapOpenAIOptions, 'client'>): T;
  /** Id of the current trace in this async context. */
  currentTraceId(): string | undefined;
  /** The innermost open span of this async context. */
  currentSpan(): SpanHandle | undefined;
  /** Sends everything queued so far; true when done within `timeoutMs` (default `flushTimeoutMs`). */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Flushes (default wait `shutdownTimeoutMs`) and stops; later records are dropped. Runs once. */
  shutdown(timeoutMs?: number): Promise<boolean>;
  /** Queue and delivery counters. */
  stats(): TraceHubStats;
}
