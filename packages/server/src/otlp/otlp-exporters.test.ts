// End to end with the official OpenTelemetry exporters: real spans → OTLP/HTTP (protobuf, gzip
// protobuf, JSON) → a throwaway local server → decodeOtlpTraceRequest → mapOtlpTraces.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as HttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { OTLPExporterNodeConfigBase } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Tests reach core through its source: the built `@tracehub/core` may not include the OTLP folder yet.
import { mapOtlpTraces } from '../../../core/src/otlp/index.js';
import { spanEventInputSchema, spanInputSchema, traceInputSchema } from '../../../core/src/schemas/ingest.js';
import { decodeOtlpTraceRequest } from './decode-otlp-trace-request.js';
import { encodeExportTraceServiceResponse } from './encode-export-response.js';

interface Captured {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let server: Server;
let url: string;
const captured: Captured[] = [];
let spans: ReadableSpan[] = [];
const ids = { root: '', llm: '', tool: '', trace: '' };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ headers: req.headers, body: Buffer.concat(chunks) });
      const protobuf = String(req.headers['content-type']).includes('protobuf');
      res.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' });
      res.end(protobuf ? encodeExportTraceServiceResponse(0, '', true) : JSON.stringify(encodeExportTraceServiceResponse(0, '', false)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  spans = await recordSpans();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Records a chain root with an LLM child (GenAI + OpenInference) and a failing tool child. */
async function recordSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'weather-bot', 'deployment.environment.name': 'ci' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('tracehub-otlp-test', '1.0.0');
  const root = tracer.startSpan('answer weather question', {
    attributes: {
      'openinference.span.kind': 'CHAIN',
      'input.value': '{"question":"weather in Seoul?"}',
      'input.mime_type': 'application/json',
      'session.id': 'sess-42',
      'user.id': 'user-7',
      'tag.tags': ['weather', 'beta'],
    },
  });
  const ctx = trace.setSpan(context.active(), root);
  const llm = tracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 321,
        'gen_ai.usage.output_tokens': 54,
        'gen_ai.request.temperature': 0.2,
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'weather in Seoul?',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'Sunny, 21°C.',
      },
    },
    ctx,
  );
  llm.end();
  const tool = tracer.startSpan(
    'execute_tool get_weather',
    { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.arguments': '{"city":"Seoul"}' } },
    ctx,
  );
  tool.recordException(new TypeError('weather API unreachable'));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'weather API unreachable' });
  tool.end();
  root.setAttribute('output.value', 'Sunny, 21°C.');
  root.end();
  await provider.forceFlush();
  ids.root = root.spanContext().spanId;
  ids.llm = llm.spanContext().spanId;
  ids.tool = tool.spanContext().spanId;
  ids.trace = root.spanContext().traceId;
  return memory.getFinishedSpans();
}

async function exportWith(exporter: SpanExporter): Promise<Captured> {
  const before = captured.length;
  const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  expect(result.error).toBeUndefined();
  expect(result.code).toBe(0);
  expect(captured.length).toBe(before + 1);
  return captured[captured.length - 1];
}

function decodeAndMap(request: Captured) {
  const decoded = decodeOtlpTraceRequest(
    request.body,
    request.headers['content-type'],
    request.headers['content-encoding'] as string | undefined,
  );
  if (!decoded.ok) throw new Error(decoded.message);
  return mapOtlpTraces(decoded.request);
}

function assertMapped(result: ReturnType<typeof mapOtlpTraces>) {
  expect(result.rejected).toEqual([]);
  expect(result.batches).toHaveLength(1);
  const [batch] = result.batches;
  expect(() => traceInputSchema.parse(batch.trace)).not.toThrow();
  for (const s of batch.spans) expect(() => spanInputSchema.parse(s)).not.toThrow();
  for (const e of batch.events) expect(() => spanEventInputSchema.parse(e)).not.toThrow();

  const span = (id: string) => batch.spans.find((s) => s.span_id === id)!;
  expect(batch.spans).toHaveLength(3);
  expect(span(ids.root)).toMatchObject({
    trace_id: ids.trace,
    parent_span_id: null,
    span_type: 'chain',
    status: 'success',
    input: { question: 'weather in Seoul?' },
    output: 'Sunny, 21°C.',
  });
  expect(span(ids.llm)).toMatchObject({
    parent_span_id: ids.root,
    span_type: 'llm',
    model: 'gpt-4o-2024-08-06',
    input_tokens: 321,
    output_tokens: 54,
    total_tokens: 375,
    input: [{ role: 'user', content: 'weather in Seoul?' }],
    output: [{ role: 'assistant', content: 'Sunny, 21°C.' }],
  });
  expect(span(ids.llm).attributes).toMatchObject({
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.request.temperature': 0.2,
    'otel.span_kind': 'client',
    'otel.scope.name': 'tracehub-otlp-test',
    'service.name': 'weather-bot',
  });
  expect(span(ids.tool)).toMatchObject({
    parent_span_id: ids.root,
    span_type: 'tool',
    status: 'error',
    status_message: 'weather API unreachable',
    input: { city: 'Seoul' },
  });
  expect(batch.events).toHaveLength(1);
  expect(batch.events[0]).toMatchObject({
    trace_id: ids.trace,
    span_id: ids.tool,
    event_type: 'ERROR',
    payload: { message: 'weather API unreachable', type: 'TypeError' },
  });
  expect(batch.events[0].payload.stacktrace).toEqual(expect.stringContaining('TypeError'));
  // Name, input/output text, start, model and status derive from the root span on the server
  // (ingest/trace-fold.ts); the batch carries what any span can say about its trace.
  expect(batch.trace).toEqual({
    trace_id: ids.trace,
    session_id: 'sess-42',
    user_id: 'user-7',
    environment: 'ci',
    tags: ['weather', 'beta'],
    attributes: expect.objectContaining({ 'service.name': 'weather-bot' }),
  });
  expect(() => traceInputSchema.parse(batch.trace)).not.toThrow();
  const root = batch.spans.find((s) => s.span_id === ids.root);
  expect(root).toMatchObject({ name: 'answer weather question', parent_span_id: null, input: { question: 'weather in Seoul?' }, output: 'Sunny, 21°C.' });
  return batch;
}

describe('OTLP/HTTP from the official OpenTelemetry exporters', () => {
  it('decodes and maps a protobuf export (exporter-trace-otlp-proto)', async () => {
    const request = await exportWith(new ProtoTraceExporter({ url }));
    expect(request.headers['content-type']).toBe('application/x-protobuf');
    assertMapped(decodeAndMap(request));
  });

  it('decodes and maps a gzip-compressed protobuf export', async () => {
    const compression = 'gzip' as OTLPExporterNodeConfigBase['compression'];
    const request = await exportWith(new ProtoTraceExporter({ url, compression }));
    expect(request.headers['content-encoding']).toBe('gzip');
    assertMapped(decodeAndMap(request));
  });

  it('decodes and maps an OTLP/JSON export (exporter-trace-otlp-http)', async () => {
    const request = await exportWith(new HttpJsonTraceExporter({ url }));
    expect(request.headers['content-type']).toBe('application/json');
    assertMapped(decodeAndMap(request));
  });

  it('maps the protobuf and JSON exports of the same spans identically', async () => {
    const proto = decodeAndMap(await exportWith(new ProtoTraceExporter({ url })));
    const json = decodeAndMap(await exportWith(new HttpJsonTraceExporter({ url })));
    expect(proto).toEqual(json);
  });
});
