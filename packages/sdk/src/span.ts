/**
 * The span record: one object is both the handle the host holds and the queue entry. It is
 * queued once when the span starts and once more when it ends; the serialiser emits START for
 * the first occurrence and END for the second, so nothing is copied or stringified on the hot path.
 */
import { KIND_SPAN } from './records.js';
import type { ContextFrame, LanggraphRunState } from './records.js';
import type { TraceHubClient } from './trace-hub-client.js';
import type { Attributes, EndSpanOptions, SpanHandle } from './types.js';

/** The client operations a span handle delegates to. */
export interface SpanOwner {
  /** The public client, so wrappers can find the client of the current span. */
  readonly client: TraceHubClient | undefined;
  finishSpan(span: SpanRecord, options: EndSpanOptions | undefined): void;
  logOnSpan(span: SpanRecord, message: string, options: { level?: string; metadata?: Attributes } | undefined): void;
  errorOnSpan(span: SpanRecord, error: unknown): void;
  /** Gives the span's trace `model` unless the trace already has one (see `Recorder.adoptTraceModel`). */
  adoptTraceModel(span: SpanRecord, model: string): void;
}

/** A span as recorded: start fields fixed at construction, end fields filled by `end()`. */
export class SpanRecord implements SpanHandle, ContextFrame {
  readonly kind = KIND_SPAN;
  ended = false;
  /** The START occurrence is waiting in the queue (the serialiser clears it). */
  startQueued = false;
  /** START never made it into the queue (overflow): END then carries name, type and parent. */
  startDropped = false;
  endTime: number | string = 0;
  endOptions: EndSpanOptions | undefined = undefined;
  extraAttributes: Attributes | undefined = undefined;
  /** The span started its trace implicitly, so the trace is closed with it. */
  ownsTrace = false;
  /** Trace fields of an implicit trace beyond what start/end carry (set by wrappers, read by the serialiser). */
  traceModel: string | undefined = undefined;
  traceInputText: string | undefined = undefined;
  traceOutputText: string | undefined = undefined;
  /** The END occurrence has been serialised (with its implicit trace's fields). */
  endSerialized = false;
  run: LanggraphRunState | null = null;
  nodeId: string | null = null;

  constructor(
    readonly owner: SpanOwner,
    readonly traceId: string,
    readonly spanId: string,
    readonly parentFrame: ContextFrame | undefined,
    readonly parentSpanId: string | null,
    readonly name: string,
    readonly spanType: string,
    readonly startTime: number | string,
    readonly attributes: Attributes | undefined,
    readonly input: unknown,
    readonly model: string | undefined,
  ) {}

  /** Close the span (status `success` unless given); later calls are ignored. */
  end(options?: EndSpanOptions): void {
    this.owner.finishSpan(this, options);
  }

  /** Add attributes, sent with the END event. */
  setAttributes(attributes: Attributes): void {
    if (this.ended || attributes === null || typeof attributes !== 'object') return;
    this.extraAttributes = this.extraAttributes ? Object.assign(this.extraAttributes, attributes) : { ...attributes };
  }

  /** Record a LOG event on this span. */
  log(message: string, options?: { level?: string; metadata?: Attributes }): void {
    this.owner.logOnSpan(this, message, options);
  }

  /** Record an ERROR event; the span stays open until `end()`. */
  recordError(error: unknown): void {
    this.owner.errorOnSpan(this, error);
  }
}
