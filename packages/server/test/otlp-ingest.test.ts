/**
 * OTLP ingestion end to end: the official OpenTelemetry JS exporters (protobuf and JSON) send
 * GenAI + OpenInference spans to a listening server on both backends; the trace detail shows them.
 */
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as HttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, startTestServer } from './helpers.js';

async function recordTrace(sessionId: string): Promise<{ spans: ReadableSpan[]; traceId: string }> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-bot', 'deployment.environment.name': 'staging' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('otlp-ingest-test');
  const root = tracer.startSpan('handle ticket', {
    attributes: { 'openinference.span.kind': 'AGENT', 'input.value': '환불 규정 알려줘', 'session.id': sessionId, 'user.id': 'user-9' },
  });
  const ctx = trace.setSpan(context.active(), root);
  const llm = tracer.startSpan('chat', {
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4.1-mini',
      'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30, 'custom.flag': true,
    },
  }, ctx);
  llm.end();
  const retriever = tracer.startSpan('search kb', {
    attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': 'refund policy' },
  }, trace.setSpan(ctx, llm));
  retriever.recordException(new Error('index stale'));
  retriever.setStatus({ code: SpanStatusCode.ERROR, message: 'index stale' });
  retriever.end();
  root.setAttribute('output.value', '30일 이내 환불 가능합니다');
  root.end();
  await provider.forceFlush();
  return { spans: memory.getFinishedSpans(), traceId: root.spanContext().traceId };
}

async function exportWith(exporter: SpanExporter, spans: ReadableSpan[]) {
  const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  return result;
}

describe.each(BACKENDS)('OTLP ingestion on %s', (backend) => {
  let server: RunningServer;
  let url: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['protobuf', (u: string) => new ProtoTraceExporter({ url: `${u}/v1/traces`, headers: { 'x-api-key': 'dev-key' } })],
    ['json', (u: string) => new HttpJsonTraceExporter({ url: `${u}/api/v1/otlp/v1/traces`, headers: { authorization: 'Bearer dev-key' } })],
  ] as const)('takes %s exports and shows the tree, types, model, tokens, session and user', async (kind, make) => {
    const { spans, traceId } = await recordTrace(`sess-${kind}`);
    const result = await exportWith(make(url), spans);
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    const detail = (await call(server.app, 'GET', `/api/v1/traces/${traceId}`)).body;
    expect(detail.trace).toMatchObject({
      name: 'handle ticket', session_id: `sess-${kind}`, user_id: 'user-9', environment: 'staging',
      input_text: '환불 규정 알려줘', output_text: '30일 이내 환불 가능합니다', status: 'error', span_count: 3,
      input_tokens: 120, output_tokens: 30, total_tokens: 150,
    });
    const root = detail.spans[0];
    expect(detail.spans).toHaveLength(1);
    expect(root).toMatchObject({ name: 'handle ticket', span_type: 'agent' });
    const llm = root.children[0];
    expect(llm).toMatchObject({ span_type: 'llm', model: 'gpt-4.1-mini', input_tokens: 120, output_tokens: 30, total_tokens: 150 });
    expect(llm.attributes['custom.flag']).toBe(true);
    expect(llm.cost).toBeGreaterThan(0);
    expect(llm.children[0]).toMatchObject({ span_type: 'retriever', status: 'error', status_message: 'index stale' });
    expect(detail.timeline.some((e: { event_type: string }) => e.event_type === 'ERROR')).toBe(true);
    const resend = await exportWith(make(url), spans);
    expect(resend.code).toBe(0);
    const again = (await call(server.app, 'GET', `/api/v1/traces/${traceId}`)).body;
    expect(again.span_count).toBe(3);
    expect(again.timeline.length).toBe(detail.timeline.length);
  });

  it('answers 400 for malformed protobuf and JSON, and counts one bad span as rejected', async () => {
    const headers = { 'x-api-key': 'dev-key' };
    const garbage = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-protobuf' }, body: Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01]) });
    expect(garbage.status).toBe(400);
    const badJson = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"resourceSpans": [' });
    expect(badJson.status).toBe(400);
    const span = (spanId: string) => ({
      traceId: '5b8efff798038103d269b633813fc60c', spanId, name: `s-${spanId}`,
      startTimeUnixNano: '1770458400000000000', endTimeUnixNano: '1770458401000000000',
    });
    const mixed = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span('eee19b7ec3c1b174'), span('not-hex'), span('eee19b7ec3c1b175')] }] }] }),
    });
    expect(mixed.status).toBe(200);
    const answer = (await mixed.json()) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(Number(answer.partialSuccess.rejectedSpans)).toBe(1);
    const detail = (await call(server.app, 'GET', '/api/v1/traces/5b8efff798038103d269b633813fc60c')).body;
    expect(detail.span_count).toBe(2);
    const noKey = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noKey.status).toBe(401);
    expect((await call(server.app, 'GET', '/api/v1/traces')).status).toBe(200);
  });
});
