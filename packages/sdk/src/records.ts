/**
 * Queue records: small fixed-shape objects built on the record path and turned into wire JSON
 * only when a batch is serialised. Span records live in span.ts.
 */
import type { SpanRecord } from './span.js';

/** Record kinds; a numeric tag keeps the serialiser's dispatch monomorphic. */
export const KIND_SPAN = 1;
export const KIND_EVENT = 2;
export const KIND_TRACE = 3;
export const KIND_EVAL = 4;
export const KIND_RUN = 5;

/** State of a LangGraph run recorded node by node. */
export interface LanggraphRunState {
  readonly runId: string;
  readonly graphName: string;
  readonly traceId: string;
  readonly root: SpanRecord;
  /** Whether the run started its own trace (and so ends it). */
  readonly ownsTrace: boolean;
  /** Spans per node id, oldest first. */
  readonly nodes: Map<string, SpanRecord[]>;
}

/** The value kept in AsyncLocalStorage: a span, or a trace with no span open. */
export interface ContextFrame {
  readonly traceId: string;
  readonly spanId: string | null;
  /** The frame this one was opened under (restored when it ends). */
  readonly parentFrame: ContextFrame | undefined;
  readonly ended: boolean;
  /** The LangGraph run this frame belongs to, if any. */
  readonly run: LanggraphRunState | null;
}

/** A trace made current by `startTrace()`. */
export class TraceFrame implements ContextFrame {
  readonly spanId = null;
  ended = false;
  run: LanggraphRunState | null = null;
  /** The trace's model as far as this process knows (given to `startTrace`, or adopted from an LLM call). */
  model: string | undefined = undefined;
  /** The `startTrace` upsert while it may still be waiting in the queue (amended in place, not re-sent). */
  startRecord: TraceRecord | undefined = undefined;
  constructor(
    readonly traceId: string,
    readonly parentFrame: ContextFrame | undefined,
  ) {}
}

/** A LOG, ERROR or stand-alone END event. */
export class EventRecord {
  readonly kind = KIND_EVENT;
  constructor(
    readonly traceId: string,
    readonly spanId: string | null,
    readonly eventType: 'LOG' | 'ERROR' | 'END',
    readonly time: number | string,
    readonly payload: Record<string, unknown>,
  ) {}
}

/** A trace upsert (`POST /ingest/traces`); `fields` are snake_case, times still raw. */
export class TraceRecord {
  readonly kind = KIND_TRACE;
  /** Set once the serialiser has read `fields`: later changes would not be sent. */
  serialized = false;
  constructor(
    readonly traceId: string,
    readonly fields: Record<string, unknown>,
  ) {}
}

/** One evaluation (`POST /evals`); `body` is snake_case, `eval_time` still raw. */
export class EvalRecord {
  readonly kind = KIND_EVAL;
  constructor(readonly body: Record<string, unknown>) {}
}

/** A whole LangGraph run (`POST /ingest/langgraph-runs`), snake_case, times still raw. */
export class RunRecord {
  readonly kind = KIND_RUN;
  constructor(readonly body: Record<string, unknown>) {}
}

/** Anything the batch queue holds. */
export type QueueItem = SpanRecord | EventRecord | TraceRecord | EvalRecord | RunRecord;
