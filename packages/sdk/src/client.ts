/**
 * `createTraceHub()`: wires the pieces — fetch transport, retry decorator, exporter, batch
 * processor, recorder, LangGraph recorder — and returns the `TraceHubClient` interface. Every
 * public method is guarded so an SDK fault is reported through `onError`, never thrown.
 */
import { BatchProcessor } from './batch-processor.js';
import { currentFrame, openFrame, runInFrame } from './context.js';
import { getDefaultClient, setDefaultClient } from './default-client.js';
import { registerExitFlush, unregisterExitFlush } from './exit-hook.js';
import { BatchExporter } from './exporter.js';
import { LanggraphRecorder } from './langgraph.js';
import { observe } from './observe.js';
import { wrapOpenAI } from './openai-wrapper.js';
import type { QueueItem } from './records.js';
import { Recorder } from './recorder.js';
import { createRetryingTransport } from './retrying-transport.js';
import { SpanRecord } from './span.js';
import type { TraceHubClient } from './trace-hub-client.js';
import { createFetchTransport } from './transport.js';
import type { SpanHandle, TraceHubError, TraceHubOptions, TraceHubStats } from './types.js';

/** Default server when neither `baseUrl` nor `TRACEHUB_HOST` is set. */
export const DEFAULT_BASE_URL = 'http://localhost:3000';

/** The client setting defaults, resolved from options and environment. */
export interface ResolvedSettings {
  baseUrl: string;
  apiKey: string | undefined;
  flushIntervalMs: number;
  maxBatchSize: number;
  maxQueueSize: number;
  maxRetries: number;
  requestTimeoutMs: number;
  retryDeadlineMs: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  flushTimeoutMs: number;
  shutdownTimeoutMs: number;
  exitFlushTimeoutMs: number;
}

/** Strips trailing slashes and an `/api/v1` suffix; adds `http://` when no scheme is given. */
export function normalizeBaseUrl(url: string): string {
  let out = url.trim().replace(/\/+$/, '');
  if (out.endsWith('/api/v1')) out = out.slice(0, -'/api/v1'.length);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(out)) out = `http://${out}`;
  return out;
}

function positive(value: number | undefined, fallback: number, min = 0): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

/** Resolves every setting from `options`, then the environment, then the defaults. */
export function resolveSettings(options: TraceHubOptions): ResolvedSettings {
  const env = options.env ?? process.env;
  return {
    baseUrl: normalizeBaseUrl(options.baseUrl ?? env.TRACEHUB_HOST ?? DEFAULT_BASE_URL),
    apiKey: options.apiKey ?? env.TRACEHUB_API_KEY,
    flushIntervalMs: positive(options.flushIntervalMs, 1000, 1),
    maxBatchSize: Math.floor(positive(options.maxBatchSize, 512, 1)),
    maxQueueSize: Math.floor(positive(options.maxQueueSize, 10_000, 1)),
    maxRetries: Math.floor(positive(options.maxRetries, 5)),
    requestTimeoutMs: positive(options.requestTimeoutMs, 10_000, 1),
    retryDeadlineMs: positive(options.retryDeadlineMs, 30_000),
    retryBaseDelayMs: positive(options.retryBaseDelayMs, 500),
    retryMaxDelayMs: positive(options.retryMaxDelayMs, 10_000),
    flushTimeoutMs: positive(options.flushTimeoutMs, 30_000),
    shutdownTimeoutMs: positive(options.shutdownTimeoutMs, 5000),
    exitFlushTimeoutMs: positive(options.exitFlushTimeoutMs, 3000),
  };
}

function makeReporter(onError: TraceHubOptions['onError']): (error: TraceHubError) => void {
  if (onError !== undefined) {
    return (error) => {
      try {
        onError(error);
      } catch {
        // the host's handler failing must not reach the host either
      }
    };
  }
  const warned = new Set<string>();
  return (error) => {
    if (warned.has(error.kind)) return;
    warned.add(error.kind);
    console.warn(`[tracehub] ${error.message} (further ${error.kind} messages are suppressed; see client.stats())`);
  };
}

/** Creates a client. Reads `TRACEHUB_HOST` / `TRACEHUB_API_KEY` when `baseUrl` / `apiKey` are absent. */
export function createTraceHub(options: TraceHubOptions = {}): TraceHubClient {
  const settings = resolveSettings(options);
  const report = makeReporter(options.onError);
  const enabled = options.enabled !== false;
  const inner = options.transport ?? createFetchTransport(settings);
  const transport = createRetryingTransport(inner, {
    maxRetries: settings.maxRetries,
    baseDelayMs: settings.retryBaseDelayMs,
    maxDelayMs: settings.retryMaxDelayMs,
    deadlineMs: settings.retryDeadlineMs,
    requestTimeoutMs: settings.requestTimeoutMs,
  });
  const exporter = new BatchExporter({ transport, report, defaults: { environment: options.environment, release: options.release } });
  const processor = new BatchProcessor<QueueItem>({
    maxBatchSize: settings.maxBatchSize,
    maxQueueSize: enabled ? settings.maxQueueSize : 0,
    flushIntervalMs: settings.flushIntervalMs,
    exportBatch: (batch) => exporter.export(batch),
    onOverflow: () =>
      enabled &&
      report({
        kind: 'overflow',
        message: `Trace Hub queue is full (${settings.maxQueueSize} items); new items are dropped and counted — raise maxQueueSize or check that the server keeps up`,
      }),
    onError: (error) => report({ kind: 'internal', message: `Trace Hub export failed: ${String(error)}`, cause: error }),
  });
  const recorder = new Recorder(processor, { environment: options.environment, release: options.release, report });
  const langgraph = new LanggraphRecorder(recorder, options.environment);
  if (enabled && settings.apiKey === undefined && options.transport === undefined) {
    recorder.usage('api-key', 'Trace Hub has no API key; pass apiKey or set TRACEHUB_API_KEY');
  }

  let exitFlushing = false;
  const exitHook = {
    flushOnExit(): void {
      if (exitFlushing || !processor.busy) return;
      exitFlushing = true;
      void processor.flush(settings.exitFlushTimeoutMs).then((drained) => {
        if (drained) {
          exitFlushing = false;
          return;
        }
        // A stuck flush is not retried on the next beforeExit: the process may now exit.
        report({
          kind: 'delivery',
          message: `Trace Hub could not deliver everything within ${settings.exitFlushTimeoutMs} ms of exit (${processor.unsent} item(s) unsent); is ${settings.baseUrl} reachable?`,
        });
      });
    },
  };

  function guard<R>(fallback: R, fn: () => R): R {
    try {
      return fn();
    } catch (error) {
      recorder.internal(error);
      return fallback;
    }
  }

  const client: TraceHubClient = {
    startTrace: (opts) => guard('', () => recorder.startTrace(opts)),
    endTrace: (opts) => guard(undefined, () => recorder.endTrace(opts)),
    startSpan(name, opts) {
      try {
        return recorder.startSpan(name, opts);
      } catch (error) {
        recorder.internal(error);
        return NOOP_SPAN;
      }
    },
    endSpan: (opts) => guard(undefined, () => recorder.endSpan(opts)),
    logEvent: (message, opts) => guard(undefined, () => recorder.logEvent(message, opts)),
    logError: (error, opts) => guard(undefined, () => recorder.logError(error, opts)),
    attachEval: (opts) => guard(undefined, () => recorder.attachEval(opts)),
    startLanggraphRun: (opts) => guard('', () => langgraph.startRun(opts)),
    startLanggraphNode: (opts) => guard<SpanHandle>(NOOP_SPAN, () => langgraph.startNode(opts)),
    endLanggraphNode: (opts) => guard(undefined, () => langgraph.endNode(opts)),
    endLanggraphRun: (opts) => guard(undefined, () => langgraph.endRun(opts)),
    ingestLanggraphRun: (run) => guard('', () => langgraph.ingestRun(run)),
    withSpan: (span, fn) => (span instanceof SpanRecord ? runInFrame(span, fn) : fn()),
    observe: (name, fn, opts) => observe(name, fn, { ...opts, client }),
    wrapOpenAI: (openai, opts) => wrapOpenAI(openai, { ...opts, client }),
    currentTraceId: () => currentFrame()?.traceId,
    currentSpan() {
      const frame = openFrame(currentFrame());
      return frame instanceof SpanRecord ? frame : undefined;
    },
    flush: (timeoutMs) => processor.flush(timeoutMs ?? settings.flushTimeoutMs),
    async shutdown(timeoutMs) {
      unregisterExitFlush(exitHook);
      if (getDefaultClient() === client) setDefaultClient(undefined);
      return processor.shutdown(timeoutMs ?? settings.shutdownTimeoutMs);
    },
    stats(): TraceHubStats {
      return { queued: processor.queued, sent: exporter.sent, dropped: enabled ? processor.dropped : 0, failed: exporter.failed };
    },
  };

  recorder.client = client;
  if (enabled && settings.exitFlushTimeoutMs > 0) registerExitFlush(exitHook);
  if (options.setAsDefault === true || (options.setAsDefault === undefined && getDefaultClient() === undefined)) {
    setDefaultClient(client);
  }
  return client;
}

/** The handle returned when a span could not be recorded: every call is a no-op. */
export const NOOP_SPAN: SpanHandle = Object.freeze({
  spanId: '',
  traceId: '',
  parentSpanId: null,
  name: '',
  ended: true,
  end() {},
  setAttributes() {},
  log() {},
  recordError() {},
});
