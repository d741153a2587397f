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

/** The batch's parentless span, the earliest if several (the trace's root, when it is in this batch). */
function parentlessSpan(spans: MappedOtlpSpan[]): MappedOtlpSpan | undefined {
  const parentless = spans.filter((s) => s.span.parent_span_id === null);
  return parentless.length > 0 ? parentless.reduce((a, b) => (b.startMicros < a.startMicros ? b : a)) : undefined;
}

/**
 * Builds the trace fields of one batch. What derives from the root span (name, input and output
 * text, start, model) is left to the ingest service, which knows the trace's other spans
 * (server ingest/trace-fold.ts); only explicit `langfuse.trace.*` values are sent. Fields any span
 * can carry (session, user, environment, release, version, tags, metadata) come from the batch's
 * parentless span first, then from the earliest span that has them.
 */
export function buildTraceInput(traceId: string, spans: MappedOtlpSpan[]): MappedTraceInput {
  const root = parentlessSpan(spans);
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
  // An unnamed root is called after its service rather than the span placeholder `unknown`.
  const name = hint('name') ?? (root && !root.named ? toText(resource['service.name'], 512) : undefined);
  if (name !== undefined) trace.name = name;
  const input = toDisplayText(hint('input'));
  const output = toDisplayText(hint('output'));
  if (input !== undefined) trace.input_text = input;
  if (output !== undefined) trace.output_text = output;
  return trace;
}

/** OpenInference `metadata` of the root span merged with Langfuse trace metadata of any span. */
function traceMetadata(root: MappedOtlpSpan | undefined, spans: MappedOtlpSpan[]): Record<string, unknown> {
  const openInference = parseJsonLoose(root?.span.attributes.metadata);
  const metadata: Record<string, unknown> = isRecord(openInference) ? { ...openInference } : {};
  for (const s of [...spans].reverse()) Object.assign(metadata, s.hints.metadata);
  return metadata;
}
