/**
 * The record path: traces, spans, events and evals become queue records on the caller's thread.
 * Nothing here awaits, serialises or throws: each call costs a few allocations and a queue push,
 * and a problem becomes an `onError` report instead of an exception in the host.
 */
import type { BatchProcessor } from './batch-processor.js';
import { compact, errorPayload } from './compact.js';
import { currentFrame, enterFrame, openFrame } from './context.js';
import { newSpanId, newTraceId } from './ids.js';
import { EvalRecord, EventRecord, TraceFrame, TraceRecord } from './records.js';
import type { ContextFrame, QueueItem } from './records.js';
import { SpanRecord } from './span.js';
import type { SpanOwner } from './span.js';
import { nowMs, toTimeValue } from './time.js';
import type { TraceHubClient } from './trace-hub-client.js';
import type {
  Attributes,
  AttachEvalOptions,
  EndSpanByIdOptions,
  EndSpanOptions,
  EndTraceOptions,
  LogEventOptions,
  StartSpanOptions,
  StartTraceOptions,
  TraceHubError,
} from './types.js';

/** Client-wide settings the record path needs. */
export interface RecorderSettings {
  environment?: string;
  release?: string;
  report: (error: TraceHubError) => void;
}

interface ParentChoice {
  frame: ContextFrame | undefined;
  traceId: string | undefined;
  parentSpanId: string | null;
}

function isHandleLike(value: unknown): value is { spanId: string; traceId: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { spanId?: unknown }).spanId === 'string' &&
    typeof (value as { traceId?: unknown }).traceId === 'string'
  );
}

/** Builds queue records for one client and hands them to its batch processor. */
export class Recorder implements SpanOwner {
  private readonly warned = new Set<string>();
  /** The public client built around this recorder (set by `createTraceHub`). */
  client: TraceHubClient | undefined = undefined;

  constructor(
    private readonly processor: BatchProcessor<QueueItem>,
    private readonly settings: RecorderSettings,
  ) {}

  /** Reports an SDK misuse once per `key`. */
  usage(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.settings.report({ kind: 'usage', message });
  }

  /** Reports an unexpected internal failure (never rethrown). */
  internal(error: unknown): void {
    this.settings.report({ kind: 'internal', message: `Trace Hub SDK internal error: ${String(error)}`, cause: error });
  }

  enqueue(item: QueueItem): boolean {
    return this.processor.enqueue(item);
  }

  startTrace(options: StartTraceOptions = {}): string {
    const traceId = options.traceId ?? newTraceId();
    const record = new TraceRecord(
      traceId,
      compact({
        name: options.name,
        status: 'running',
        start_time: toTimeValue(options.startTime) ?? nowMs(),
        model: options.model,
        environment: options.environment ?? this.settings.environment,
        user_id: options.userId,
        session_id: options.sessionId,
        input_text: options.inputText === undefined ? undefined : String(options.inputText),
        attributes: options.attributes,
        tags: options.tags,
        release: options.release ?? this.settings.release,
        version: options.version,
        user_review_passed: options.userReviewPassed,
      }),
    );
    const frame = new TraceFrame(traceId, currentFrame());
    frame.model = options.model;
    if (this.enqueue(record)) frame.startRecord = record;
    enterFrame(frame);
    return traceId;
  }

  /**
   * Gives the trace of `span` a model when it has none yet (the first LLM call's model, as in
   * the trace list's `?model=` filter). Nothing is sent on the caller's path: a trace started by
   * `startTrace()` has its queued start upsert amended in place, an implicit trace carries the
   * model on its root span's records; only when those already left is one small upsert queued,
   * merged with the trace's other records of the same batch.
   */
  adoptTraceModel(span: SpanRecord, model: string): void {
    try {
      if (typeof model !== 'string' || model === '') return;
      if (span.ownsTrace) {
        span.traceModel = model;
        if (span.endSerialized) this.enqueue(new TraceRecord(span.traceId, { model }));
        return;
      }
      let frame: ContextFrame | undefined = span.parentFrame;
      while (frame !== undefined && frame.traceId === span.traceId) {
        if (frame instanceof TraceFrame) {
          if (frame.model !== undefined) return;
          frame.model = model;
          const record = frame.startRecord;
          frame.startRecord = undefined;
          if (record !== undefined && !record.serialized) record.fields.model = model;
          else this.enqueue(new TraceRecord(frame.traceId, { model }));
          return;
        }
        if (frame instanceof SpanRecord && frame.ownsTrace) {
          if (frame.model !== undefined || frame.traceModel !== undefined) return;
          frame.traceModel = model;
          if (!frame.startQueued) this.enqueue(new TraceRecord(frame.traceId, { model }));
          return;
        }
        frame = frame.parentFrame;
      }
    } catch (error) {
      this.internal(error);
    }
  }

  endTrace(options: EndTraceOptions = {}): void {
    const current = currentFrame();
    const traceId = options.traceId ?? current?.traceId;
    if (traceId === undefined) {
      this.usage('end-trace', 'endTrace() was called outside any trace and without traceId; ignored');
      return;
    }
    this.enqueue(
      new TraceRecord(
        traceId,
        compact({
          status: options.status ?? 'success',
          end_time: toTimeValue(options.endTime) ?? nowMs(),
          output_text: options.outputText === undefined ? undefined : String(options.outputText),
          attributes: options.attributes,
          tags: options.tags,
          user_review_passed: options.userReviewPassed,
        }),
      ),
    );
    if (current !== undefined && current.traceId === traceId) {
      let frame: ContextFrame | undefined = current;
      while (frame !== undefined && (frame.traceId === traceId || frame.ended)) {
        if (frame instanceof TraceFrame) frame.ended = true;
        frame = frame.parentFrame;
      }
      enterFrame(frame);
    }
  }

  /** The hot path: one record, one queue push, optionally one context switch. */
  startSpan(name: string, options: StartSpanOptions | undefined): SpanRecord {
    let frame = openFrame(currentFrame());
    let traceId: string | undefined;
    let parentSpanId: string | null = null;
    if (options !== undefined && (options.parent !== undefined || options.traceId !== undefined)) {
      const choice = this.explicitParent(frame, options);
      frame = choice.frame;
      traceId = choice.traceId;
      parentSpanId = choice.parentSpanId;
    } else if (frame !== undefined) {
      traceId = frame.traceId;
      parentSpanId = frame.spanId;
    }
    let ownsTrace = false;
    if (traceId === undefined) {
      traceId = newSpanId();
      ownsTrace = true;
    }
    const span = new SpanRecord(
      this,
      traceId,
      options?.spanId ?? newSpanId(),
      frame,
      parentSpanId,
      typeof name === 'string' && name !== '' ? name : String(name || 'span'),
      options?.spanType ?? 'span',
      options?.startTime === undefined ? nowMs() : toTimeValue(options.startTime) ?? nowMs(),
      options?.attributes === undefined ? undefined : { ...options.attributes },
      options?.input,
      options?.model,
    );
    span.ownsTrace = ownsTrace;
    if (frame !== undefined) span.run = frame.run;
    if (this.processor.enqueue(span)) span.startQueued = true;
    else span.startDropped = true;
    if (options?.active !== false) enterFrame(span);
    return span;
  }

  private explicitParent(current: ContextFrame | undefined, options: StartSpanOptions): ParentChoice {
    const parent = options.parent;
    if (parent instanceof SpanRecord) {
      return { frame: parent, traceId: options.traceId ?? parent.traceId, parentSpanId: parent.spanId };
    }
    if (typeof parent === 'string' || isHandleLike(parent)) {
      const parentSpanId = typeof parent === 'string' ? parent : parent.spanId;
      const traceId = options.traceId ?? (typeof parent === 'string' ? current?.traceId : parent.traceId);
      return { frame: current?.traceId === traceId ? current : undefined, traceId, parentSpanId };
    }
    const traceId = options.traceId;
    if (current !== undefined && current.traceId === traceId) {
      return { frame: current, traceId, parentSpanId: current.spanId };
    }
    return { frame: undefined, traceId, parentSpanId: null };
  }

  finishSpan(span: SpanRecord, options: EndSpanOptions | undefined): void {
    try {
      if (span.ended) return;
      span.ended = true;
      span.endTime = options?.endTime === undefined ? nowMs() : toTimeValue(options.endTime) ?? nowMs();
      span.endOptions = options;
      this.processor.enqueue(span);
      if (currentFrame() === span) enterFrame(openFrame(span.parentFrame));
    } catch (error) {
      this.internal(error);
    }
  }

  /** Finds an open span of the current context by id (or the innermost one). */
  findSpan(spanId: string | undefined): SpanRecord | undefined {
    let frame = currentFrame();
    while (frame !== undefined) {
      if (frame instanceof SpanRecord && !frame.ended && (spanId === undefined || frame.spanId === spanId)) return frame;
      frame = frame.parentFrame;
    }
    return undefined;
  }

  endSpan(options: EndSpanByIdOptions = {}): void {
    const span = this.findSpan(options.spanId);
    if (span !== undefined) {
      this.finishSpan(span, options);
      return;
    }
    if (options.spanId === undefined) {
      this.usage('end-span', 'endSpan() was called without an open span; ignored');
      return;
    }
    const traceId = options.traceId ?? currentFrame()?.traceId;
    if (traceId === undefined) {
      this.usage('end-span-trace', 'endSpan() for a span outside this context needs traceId; ignored');
      return;
    }
    const usage = options.usage;
    const endTime = toTimeValue(options.endTime) ?? nowMs();
    this.enqueue(
      new EventRecord(
        traceId,
        options.spanId,
        'END',
        endTime,
        compact({
          status: options.status ?? 'success',
          output: options.output,
          model: options.model,
          input_tokens: options.inputTokens ?? usage?.inputTokens,
          output_tokens: options.outputTokens ?? usage?.outputTokens,
          total_tokens: options.totalTokens ?? usage?.totalTokens,
          cached_input_tokens: options.cachedInputTokens ?? usage?.cachedInputTokens,
          cost: options.cost,
          status_message: options.statusMessage,
          attributes: options.attributes,
        }),
      ),
    );
  }

  /** (trace id, span id) an event without explicit ids belongs to. */
  private target(spanId: string | undefined, traceId: string | undefined): [string | undefined, string | null] {
    if (spanId !== undefined) {
      const span = this.findSpan(spanId);
      return [span?.traceId ?? traceId ?? currentFrame()?.traceId, spanId];
    }
    const open = openFrame(currentFrame());
    if (open !== undefined && open.spanId !== null && (traceId === undefined || traceId === open.traceId)) {
      return [open.traceId, open.spanId];
    }
    return [traceId ?? open?.traceId, null];
  }

  logEvent(message: string, options: LogEventOptions = {}): void {
    const [traceId, spanId] = this.target(options.spanId, options.traceId);
    if (traceId === undefined) {
      this.usage('log-trace', 'logEvent() was called outside any trace; start a trace or span first');
      return;
    }
    this.enqueue(new EventRecord(traceId, spanId, 'LOG', nowMs(), compact({ message: String(message), level: options.level ?? 'INFO', metadata: options.metadata })));
  }

  logOnSpan(span: SpanRecord, message: string, options: { level?: string; metadata?: Attributes } | undefined): void {
    try {
      this.enqueue(
        new EventRecord(span.traceId, span.spanId, 'LOG', nowMs(), compact({ message: String(message), level: options?.level ?? 'INFO', metadata: options?.metadata })),
      );
    } catch (error) {
      this.internal(error);
    }
  }

  logError(error: unknown, options: { spanId?: string; traceId?: string } = {}): void {
    const [traceId, spanId] = this.target(options.spanId, options.traceId);
    if (traceId === undefined || spanId === null) {
      this.usage('log-error', 'logError() needs an open span (or spanId and traceId); ignored');
      return;
    }
    this.enqueue(new EventRecord(traceId, spanId, 'ERROR', nowMs(), errorPayload(error)));
  }

  errorOnSpan(span: SpanRecord, error: unknown): void {
    try {
      this.enqueue(new EventRecord(span.traceId, span.spanId, 'ERROR', nowMs(), errorPayload(error)));
    } catch (failure) {
      this.internal(failure);
    }
  }

  attachEval(options: AttachEvalOptions): void {
    if (options === null || typeof options !== 'object' || typeof options.evalName !== 'string' || options.evalName === '') {
      this.usage('eval-name', 'attachEval() needs evalName; ignored');
      return;
    }
    if (options.score == null && options.passed == null && options.label == null) {
      this.usage('eval-empty', 'attachEval() needs score, passed or label; ignored');
      return;
    }
    const traceId = options.traceId ?? (options.spanId !== undefined ? this.findSpan(options.spanId)?.traceId : undefined) ?? currentFrame()?.traceId;
    if (traceId === undefined) {
      this.usage('eval-trace', 'attachEval() was called outside any trace and without traceId; ignored');
      return;
    }
    this.enqueue(
      new EvalRecord(
        compact({
          trace_id: traceId,
          span_id: options.spanId,
          eval_name: options.evalName,
          eval_model: options.evalModel,
          score: options.score,
          passed: options.passed,
          label: options.label,
          comment: options.comment,
          metadata: options.metadata,
          source: options.source ?? 'sdk',
          user_review_passed: options.userReviewPassed,
          eval_time: toTimeValue(options.evalTime) ?? nowMs(),
        }),
      ),
    );
  }
}
