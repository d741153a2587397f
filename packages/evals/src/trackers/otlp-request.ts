/**
 * An item's trace as an OTLP ExportTraceServiceRequest (the OTLP/JSON form), with OpenInference
 * attributes Phoenix shows: `openinference.span.kind`, `input.value`, `output.value`,
 * `llm.model_name`, `llm.token_count.*`, `llm.input_messages.*`, `session.id`, `metadata`.
 */
import type { ItemTrace, TraceSpan } from '../runner/item-trace.js';

/** An OTLP attribute value (JSON form). */
export type OtlpValue = { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number };

/** An OTLP key/value. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}

/** An OTLP span (JSON form: hex ids, nanosecond times as strings). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  status: { code: number; message?: string };
}

/** The request. */
export interface OtlpTraceRequest {
  resourceSpans: Array<{
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpSpan[] }>;
  }>;
}

const KIND: Record<string, string> = { chain: 'CHAIN', prompt: 'CHAIN', llm: 'LLM', evaluator: 'EVALUATOR', judge: 'EVALUATOR' };

function value(v: unknown): OtlpValue {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: typeof v === 'string' ? v : JSON.stringify(v) };
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
const mime = (v: unknown) => (typeof v === 'string' ? 'text/plain' : 'application/json');
const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

function spanAttributes(span: TraceSpan, sessionId: string): Record<string, unknown> {
  const a: Record<string, unknown> = {
    'openinference.span.kind': KIND[span.type] ?? 'CHAIN',
    'session.id': sessionId,
    'tracehub.span_type': span.type,
    metadata: JSON.stringify(span.attributes),
  };
  if (span.input !== undefined && span.input !== null) Object.assign(a, { 'input.value': text(span.input), 'input.mime_type': mime(span.input) });
  if (span.output !== undefined && span.output !== null) Object.assign(a, { 'output.value': text(span.output), 'output.mime_type': mime(span.output) });
  if (span.model) a['llm.model_name'] = span.model;
  if (span.inputTokens !== null) a['llm.token_count.prompt'] = span.inputTokens;
  if (span.outputTokens !== null) a['llm.token_count.completion'] = span.outputTokens;
  if (span.inputTokens !== null || span.outputTokens !== null) a['llm.token_count.total'] = (span.inputTokens ?? 0) + (span.outputTokens ?? 0);
  if (span.cost !== null) a['llm.cost.total'] = span.cost;
  if (span.type === 'llm' && Array.isArray(span.input)) {
    (span.input as Array<{ role: string; content: string }>).forEach((m, i) => {
      a[`llm.input_messages.${i}.message.role`] = m.role;
      a[`llm.input_messages.${i}.message.content`] = m.content;
    });
    if (typeof span.output === 'string') Object.assign(a, { 'llm.output_messages.0.message.role': 'assistant', 'llm.output_messages.0.message.content': span.output });
  }
  if ((span.type === 'evaluator' || span.type === 'judge') && span.output && typeof span.output === 'object') {
    const s = span.output as { score: number | null; passed: boolean | null; status: string; comment: unknown };
    if (s.score !== null) a['tracehub.eval.score'] = s.score;
    if (s.passed !== null) a['tracehub.eval.passed'] = s.passed;
    a['tracehub.eval.status'] = s.status;
    a['tracehub.eval.comment'] = JSON.stringify(s.comment);
  }
  for (const [k, v] of Object.entries(span.attributes)) if (k.startsWith('experiment.')) a[`tracehub.${k}`] = v;
  return a;
}

/** The request for one item's trace. */
export function otlpTraceRequest(trace: ItemTrace, options: { projectName: string; sessionId: string }): OtlpTraceRequest {
  const spans: OtlpSpan[] = trace.spans.map((span) => ({
    traceId: trace.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    name: span.name,
    kind: 1,
    startTimeUnixNano: nanos(span.startMs),
    endTimeUnixNano: nanos(Math.max(span.endMs, span.startMs)),
    attributes: Object.entries(spanAttributes(span, options.sessionId)).map(([key, v]) => ({ key, value: value(v) })),
    status: span.status === 'error' ? { code: 2, ...(span.statusMessage ? { message: span.statusMessage } : {}) } : { code: 1 },
  }));
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'tracehub-experiments' } }, { key: 'openinference.project.name', value: { stringValue: options.projectName } }] },
        scopeSpans: [{ scope: { name: '@tracehub/evals', version: '0.1.0' }, spans }],
      },
    ],
  };
}
