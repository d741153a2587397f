// Realistic batches: one trace with 100 spans (a chain root, LLM calls with chat messages and usage,
// tools, retrievers), about 2 KB per span, as an SDK would send them.
const MODELS = ['gpt-4.1-mini', 'gpt-4o', 'claude-3-5-sonnet', 'gpt-4.1'];
const TYPES = ['llm', 'tool', 'retriever', 'chain'];
const filler = (n, seed) => {
  const words = ['환불', 'policy', '규정', 'refund', 'order', '고객', 'answer', 'context', 'document', 'summary', '질문', 'token'];
  let out = '';
  for (let i = 0; out.length < n; i++) out += words[(seed + i * 7) % words.length] + ' ';
  return out.slice(0, n);
};

/** A batch body for POST /api/v1/ingest/traces; `start` in ms since the epoch. */
export function traceBatch(traceId, start, spansPerTrace = 100, seed = 0) {
  const iso = (ms) => new Date(ms).toISOString();
  const model = MODELS[seed % MODELS.length];
  const spans = [];
  for (let i = 0; i < spansPerTrace; i++) {
    const type = i === 0 ? 'chain' : TYPES[(seed + i) % TYPES.length];
    const begin = start + i * 10;
    const llm = type === 'llm';
    spans.push({
      span_id: `${traceId}-${i}`,
      parent_span_id: i === 0 ? undefined : i < 10 ? `${traceId}-0` : `${traceId}-${1 + (i % 9)}`,
      name: i === 0 ? 'agent-run' : `${type}-${i % 7}`,
      span_type: type,
      status: (seed + i) % 97 === 0 ? 'error' : 'success',
      start_time: iso(begin),
      end_time: iso(begin + 5 + ((seed * 31 + i * 17) % 900)),
      model: llm ? model : undefined,
      input: llm
        ? { messages: [{ role: 'system', content: filler(300, i) }, { role: 'user', content: filler(500, seed + i) }] }
        : { query: filler(400, seed + i) },
      output: llm ? { role: 'assistant', content: filler(600, seed * 3 + i) } : { result: filler(500, i + 3) },
      attributes: { 'service.name': 'bench-app', 'request.id': `${traceId}-${i}`, retriever_k: 5, temperature: 0.2, team: 'search' },
      input_tokens: llm ? 250 + ((seed + i) % 500) : undefined,
      output_tokens: llm ? 80 + ((seed * 7 + i) % 300) : undefined,
      idempotency_key: `${traceId}-${i}-start`,
    });
  }
  return {
    trace: {
      trace_id: traceId,
      name: seed % 3 === 0 ? 'chat' : seed % 3 === 1 ? 'search' : 'summarize',
      status: seed % 50 === 0 ? 'error' : 'success',
      start_time: iso(start),
      end_time: iso(start + spansPerTrace * 10 + 200 + ((seed * 7919) % 6000)),
      model,
      environment: seed % 4 === 0 ? 'dev' : 'prod',
      user_id: `user-${seed % 500}`,
      session_id: `session-${Math.floor(seed / 5)}`,
      input_text: `${filler(200, seed)} 질문 ${seed}`,
      output_text: filler(300, seed + 1),
      tags: seed % 2 ? ['beta'] : ['stable'],
    },
    spans,
    allow_missing_parent: true,
  };
}

/**
 * The same trace as an OTLP/JSON export with GenAI attributes (what an OpenTelemetry SDK sends to
 * `POST /v1/traces`): `traceId` is the placeholder `@TRACE@` (32 hex digits in the load), span ids
 * are the span's index in hex, messages are in the GenAI "parts" format, usage in `gen_ai.usage.*`.
 */
export function otlpExport(traceId, start, spansPerTrace = 100, seed = 0) {
  const batch = traceBatch('x', start, spansPerTrace, seed);
  const spanId = (i) => (i + 1).toString(16).padStart(16, '0');
  const index = new Map(batch.spans.map((s, i) => [s.span_id, i]));
  const nanos = (iso) => `${BigInt(Date.parse(iso)) * 1_000_000n}`;
  const text = (key, value) => ({ key, value: { stringValue: value } });
  const int = (key, value) => ({ key, value: { intValue: String(value) } });
  const parts = (messages) => JSON.stringify(messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] })));
  const spans = batch.spans.map((s, i) => {
    const attributes = [text('request.id', `${i}`), text('session.id', batch.trace.session_id), text('user.id', batch.trace.user_id)];
    if (s.span_type === 'llm') {
      attributes.push(text('gen_ai.operation.name', 'chat'), text('gen_ai.request.model', s.model), int('gen_ai.usage.input_tokens', s.input_tokens),
        int('gen_ai.usage.output_tokens', s.output_tokens), text('gen_ai.input.messages', parts(s.input.messages)),
        text('gen_ai.output.messages', parts([s.output])));
    } else if (s.span_type === 'tool') {
      attributes.push(text('gen_ai.operation.name', 'execute_tool'), text('gen_ai.tool.name', s.name),
        text('gen_ai.tool.call.arguments', JSON.stringify(s.input)), text('gen_ai.tool.call.result', JSON.stringify(s.output)));
    } else if (i === 0) {
      attributes.push(text('gen_ai.operation.name', 'invoke_agent'), text('gen_ai.agent.name', 'bench agent'));
    } else {
      attributes.push(text('input.value', JSON.stringify(s.input)), text('output.value', JSON.stringify(s.output)), text('openinference.span.kind', s.span_type.toUpperCase()));
    }
    return {
      traceId,
      spanId: spanId(i),
      parentSpanId: s.parent_span_id ? spanId(index.get(s.parent_span_id)) : undefined,
      name: s.name,
      kind: 1,
      startTimeUnixNano: nanos(s.start_time),
      endTimeUnixNano: nanos(s.end_time),
      status: { code: s.status === 'error' ? 2 : 1 },
      attributes,
    };
  });
  return {
    resourceSpans: [{
      resource: { attributes: [text('service.name', 'bench-app'), text('deployment.environment.name', batch.trace.environment)] },
      scopeSpans: [{ scope: { name: 'bench', version: '1.0.0' }, spans }],
    }],
  };
}
