/**
 * @tracehub/sdk — record traces, spans, events, evals and LangGraph runs for Trace Hub.
 * Recording is synchronous and cheap; delivery is batched, retried and never blocks the host.
 */
export { createTraceHub, DEFAULT_BASE_URL, NOOP_SPAN, normalizeBaseUrl } from './client.js';
export type { TraceHubClient } from './trace-hub-client.js';
export { observe } from './observe.js';
export type { ObserveOptions } from './observe.js';
export { wrapOpenAI } from './openai-wrapper.js';
export type { OpenAILike, WrapOpenAIOptions } from './openai-wrapper.js';
export { getDefaultClient, setDefaultClient } from './default-client.js';
export { createFetchTransport, parseRetryAfter } from './transport.js';
export type { FetchTransportOptions, Transport, TransportRequest, TransportResponse } from './transport.js';
export { createRetryingTransport, RETRYABLE_STATUSES } from './retrying-transport.js';
export type { RetryPolicy } from './retrying-transport.js';
export type {
  AttachEvalOptions,
  Attributes,
  EndSpanByIdOptions,
  EndSpanOptions,
  EndTraceOptions,
  LogEventOptions,
  SpanHandle,
  StartSpanOptions,
  StartTraceOptions,
  TimeInput,
  TraceHubError,
  TraceHubOptions,
  TraceHubStats,
  TraceStatus,
  Usage,
} from './types.js';
export type {
  EndLanggraphNodeOptions,
  EndLanggraphRunOptions,
  IngestLanggraphRunOptions,
  LanggraphNodeInput,
  StartLanggraphNodeOptions,
  StartLanggraphRunOptions,
} from './langgraph-types.js';
export { assign, createAbTests } from './ab.js';
export type { AbAssignment, AbTestDefinition, AbTestsOptions, AbVariantDefinition } from './ab.js';
