import { isRecord, parseJsonLoose, toDisplayText, toText } from './otlp-values.js';
import type { MappedOtlpSpan } from './otlp-span.js';
import type { TraceHints } from './trace-hints.js';

/** A trace mapped for `POST /ingest/traces` (parses with `traceInputSchema`). */
export interface MappedTraceInput {
  trace_id: string;
  name?: string;
  status?: 'running' | 'success' | 'error';
  start_time?: string;
  end_time?: string | null;
  model?: string;
  environment?: string;
  user_id?: string;
  session_id?: string;
  input_text?: string;
  output_text?: string;
  attributes: Record<string, unknown>;
  tags?: string[];
  release?: string;
  version?: string;
}

type HintField = 'session_id' | 'user_id' | 'environment' | 'release' | 'version';

/**
 * Picks the span that stands for the trace in this batch: the earliest span without a parent;
 * else the only span whose parent is not in the batch; else none (the root was or will be sent
 * in another export).
 */
function findRootSpan(spans: MappedOtlpSpan[]): MappedOtlpSpan | undefined {
  const parentless = spans.filter((s) => s.span.parent_span_id === null);
  if (parentless.length > 0) return parentless.reduce((a, b) => (b.startMicros < a.startMicros ? b : a));
  const ids = new Set(spans.map((s) => s.span.span_id));
  const orphans = spans.filter((s) => !ids.has(s.span.parent_span_id as string));
  return orphans.length === 1 ? orphans[0] : undefined;
}

/**
 * Builds the trace of one batch. Fields only the root knows (name, input/output text, start and
 * end, success/running) are set only when the batch holds the root — explicit `langfuse.trace.*`
 * values excepted — so an export of late children does not overwrite them. Fields any span can
 * carry (session, user, environment, tags, metadata, model) come from the root first, then from
 * the earliest span that has them. Status is `error` whenever a span in the batch errored.
 */
export function buildTraceInput(traceId: string, spans: MappedOtlpSpan[]): MappedTraceInput {
  const root = findRootSpan(spans);
  const ordered = [...spans].sort((a, b) => a.startMicros - b.startMicros);
  const preferred = root ? [root, ...ordered.filter((s) => s !== root)] : ordered;
  const hint = <K extends keyof TraceHints>(field: K): TraceHints[K] | undefined =>
    preferred.map((s) => s.hints[field]).find((v) => v !== undefined);

  const resource = root?.resource ?? ordered[0]?.resource ?? {};
  const attributes: Record<string, unknown> = {};
  for (const s of [...ordered].reverse()) Object.assign(attributes, s.resource);
  Object.assign(attributes, resource);
  const metadata = traceMetadata(root, preferred);
  if (Object.keys(metadata).length > 0) attributes.metadata = metadata;

  const trace: MappedTraceInput = { trace_id: traceId, attributes };
  const fromResource: Partial<Record<HintField, unknown>> = {
    environment: resource['deployment.environment.name'] ?? resource['deployment.environment'],
    release: resource['langfuse.release'],
    version: resource['langfuse.version'],
  };
  const fields: HintField[] = ['session_id', 'user_id', 'environment', 'release', 'version'];
  for (const field of fields) {
    const value = hint(field) ?? toText(fromResource[field], 128);
    if (value !== undefined) trace[field] = value;
  }

  const tags = [...new Set(spans.flatMap((s) => s.hints.tags))].slice(0, 100);
  if (tags.length > 0) trace.tags = tags;
  const model = root?.span.model ?? ordered.find((s) => s.span.span_type === 'llm' && s.span.model)?.span.model ?? ordered.find((s) => s.span.model)?.span.model;
  if (model !== undefined) trace.model = model;

  const explicitName = hint('name');
  if (explicitName !== undefined) trace.name = explicitName;
  if (root) {
    trace.name ??= root.named ? root.span.name : (toText(resource['service.name'], 512) ?? root.span.name);
    trace.start_time = root.span.start_time;
    trace.end_time = root.span.end_time;
  }
  const input = toDisplayText(hint('input') ?? root?.span.input);
  const output = toDisplayText(hint('output') ?? root?.span.output);
  if (input !== undefined) trace.input_text = input;
  if (output !== undefined) trace.output_text = output;
  if (spans.some((s) => s.span.status === 'error')) trace.status = 'error';
  else if (root) trace.status = root.span.end_time !== null ? 'success' : 'running';
  return trace;
}

/** OpenInference `metadata` of the root span merged with Langfuse trace metadata of any span. */
function traceMetadata(root: MappedOtlpSpan | undefined, spans: MappedOtlpSpan[]): Record<string, unknown> {
  const openInference = parseJsonLoose(root?.span.attributes.metadata);
  const metadata: Record<string, unknown> = isRecord(openInference) ? { ...openInference } : {};
  for (const s of [...spans].reverse()) Object.assign(metadata, s.hints.metadata);
  return metadata;
}
