/**
 * OTLP over gRPC end to end: the official OpenTelemetry gRPC exporter (Simple and Batch
 * processors, plain and gzip) sends a small GenAI trace to a listening server on every backend and
 * the HTTP API reads it back; bad keys, scopes, bytes and sizes get their gRPC statuses; the
 * handler's rate limits and error mapping are checked with fakes; the setting off builds nothing;
 * a key revoked over HTTP stops at once; shutdown frees the port, bounded even with a call hanging.
 */
import { connect } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { credentials, makeGenericClientConstructor, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpTraceProtoTypes } from '@tracehub/core/otlp-proto';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { loadConfig } from '../src/config.js';
import { BusyError } from '../src/domain-errors.js';
import { TRACE_SERVICE_DEFINITION } from '../src/otlp/grpc-trace-service.js';
import { createOtlpGrpcServer } from '../src/otlp/grpc-server.js';
import { createGrpcExportHandler, peerAddress, type GrpcExportHandlerOptions } from '../src/otlp/grpc-export-handler.js';
import type { OtlpExportOutcome } from '../src/otlp/otlp-ingest-service.js';
import { call, startTestServer } from './helpers.js';

const BODY_LIMIT = 256 * 1024; // gRPC messages up to 1 MiB

const keyMetadata = (header: string, value: string) => {
  const metadata = new Metadata();
  metadata.set(header, value);
  return metadata;
};

/** Records a GenAI trace (agent root + llm child) through `processor(exporter)`, then flushes. */
async function sendGenAiTrace(processor: SpanProcessor, sessionId: string): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'grpc-bot' }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('otlp-grpc-test');
  const root = tracer.startSpan('answer question', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'helper', 'session.id': sessionId, 'input.value': 'What is gRPC?' },
  });
  const llm = tracer.startSpan('chat gpt-4.1-mini', {
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4.1-mini',
      'gen_ai.response.model': 'gpt-4.1-mini', 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30,
    },
  }, trace.setSpan(context.active(), root));
  llm.end();
  root.setAttribute('output.value', 'A remote procedure call framework.');
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

/** One export straight through an exporter, answering its result code and error. */
async function exportOnce(exporter: OTLPTraceExporter, spans: ReadableSpan[]) {
  const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  return result;
}

async function finishedSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  await sendGenAiTrace(new SimpleSpanProcessor(memory), 'sess-memory');
  return memory.getFinishedSpans();
}

/** A raw client of TraceService/Export: any bytes in, the export outcome or the gRPC error out. */
function rawExport(address: string, bytes: Buffer, metadata: Metadata, options: Record<string, number> = {}) {
  const Client = makeGenericClientConstructor(TRACE_SERVICE_DEFINITION, 'TraceService');
  const client = new Client(address, credentials.createInsecure(), options);
  return new Promise<{ error: ServiceError | null; outcome?: OtlpExportOutcome }>((resolve) => {
    (client as unknown as { Export: Function }).Export(bytes, metadata, (error: ServiceError | null, outcome?: OtlpExportOutcome) => {
      client.close();
      resolve({ error, outcome });
    });
  });
}

describe.each(BACKENDS)('OTLP/gRPC ingestion on %s', (backend) => {
  let server: RunningServer;
  let address: string;
  beforeAll(async () => {
    server = await startTestServer(backend, { otlpGrpcPort: 0, bodyLimitBytes: BODY_LIMIT });
    await server.otlpGrpc?.listen();
    address = `127.0.0.1:${server.otlpGrpc?.port}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['SimpleSpanProcessor, no compression', (url: string) => new SimpleSpanProcessor(new OTLPTraceExporter({ url, metadata: keyMetadata('x-api-key', 'dev-key') }))],
    ['BatchSpanProcessor, gzip', (url: string) => new BatchSpanProcessor(new OTLPTraceExporter({
      url, metadata: keyMetadata('authorization', 'Bearer dev-key'), compression: CompressionAlgorithm.GZIP,
    }))],
  ] as const)('takes exports from the official exporter (%s): tree, model, tokens', async (kind, make) => {
    expect(server.otlpGrpc?.port).toBeGreaterThan(0);
    const traceId = await sendGenAiTrace(make(`http://${address}`), `sess-${kind}`);
    const detail = (await call(server.app, 'GET', `/api/v1/traces/${traceId}`)).body;
    expect(detail.trace).toMatchObject({
      name: 'answer question', session_id: `sess-${kind}`, span_count: 2, input_tokens: 120, output_tokens: 30, total_tokens: 150,
    });
    expect(detail.spans).toHaveLength(1);
    const [root] = detail.spans;
    expect(root).toMatchObject({ name: 'answer question', span_type: 'agent' });
    expect(root.children).toHaveLength(1);
    expect(root.children[0]).toMatchObject({ span_type: 'llm', model: 'gpt-4.1-mini', input_tokens: 120, output_tokens: 30, total_tokens: 150 });
    expect(root.children[0].cost).toBeGreaterThan(0);
  });

  it('answers UNAUTHENTICATED without a valid key and PERMISSION_DENIED without the ingest scope', async () => {
    const spans = await finishedSpans();
    const url = `http://${address}`;
    const wrong = await exportOnce(new OTLPTraceExporter({ url, metadata: keyMetadata('x-api-key', 'wrong-key') }), spans);
    expect((wrong.error as ServiceError | undefined)?.code).toBe(status.UNAUTHENTICATED);
    const none = await exportOnce(new OTLPTraceExporter({ url }), spans);
    expect((none.error as ServiceError | undefined)?.code).toBe(status.UNAUTHENTICATED);
    const readKey = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'reader', scopes: ['read'] })).body.key;
    const reader = await exportOnce(new OTLPTraceExporter({ url, metadata: keyMetadata('authorization', `Bearer ${readKey}`) }), spans);
    expect((reader.error as ServiceError | undefined)?.code).toBe(status.PERMISSION_DENIED);
  });

  it('stops taking a key the moment the HTTP API revokes it (one key cache)', async () => {
    const spans = await finishedSpans();
    const created = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'collector', scopes: ['ingest'] })).body;
    const send = () => exportOnce(new OTLPTraceExporter({ url: `http://${address}`, metadata: keyMetadata('x-api-key', created.key) }), spans);
    expect((await send()).code).toBe(0);
    expect((await call(server.app, 'DELETE', `/api/v1/admin/keys/${created.key_id}`)).status).toBe(200);
    expect(((await send()).error as ServiceError | undefined)?.code).toBe(status.UNAUTHENTICATED);
  });

  it('answers INVALID_ARGUMENT for garbage, RESOURCE_EXHAUSTED above the size limit, partial_success for a bad span', async () => {
    const key = keyMetadata('x-api-key', 'dev-key');
    const garbage = await rawExport(address, Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01]), key);
    expect(garbage.error?.code).toBe(status.INVALID_ARGUMENT);
    const big = await rawExport(address, Buffer.alloc(4 * BODY_LIMIT + 1, 0x0a), key);
    expect(big.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    // A small gzip message that inflates past the limit.
    const bomb = await rawExport(address, Buffer.alloc(8 * BODY_LIMIT), key, { 'grpc.default_compression_algorithm': 2 });
    expect(bomb.error?.code).toBe(status.RESOURCE_EXHAUSTED);

    const traceId = Buffer.from('6b8efff798038103d269b633813fc60c', 'hex');
    const span = (spanId: Buffer) => ({
      traceId, spanId, name: `s-${spanId.toString('hex')}`, startTimeUnixNano: '1770458400000000000', endTimeUnixNano: '1770458401000000000',
    });
    const { request } = otlpTraceProtoTypes();
    const bytes = Buffer.from(request.encode(request.fromObject({
      resourceSpans: [{ scopeSpans: [{ spans: [span(Buffer.from('eee19b7ec3c1b174', 'hex')), span(Buffer.from('abc', 'utf8')), span(Buffer.from('eee19b7ec3c1b175', 'hex'))] }] }],
    })).finish());
    const mixed = await rawExport(address, bytes, key);
    expect(mixed.error).toBeNull();
    expect(mixed.outcome?.rejectedSpans).toBe(1);
    expect(mixed.outcome?.message).not.toBe('');
    const detail = (await call(server.app, 'GET', '/api/v1/traces/6b8efff798038103d269b633813fc60c')).body;
    expect(detail.span_count).toBe(2);
  });

  it('survives a client that is not speaking gRPC at all', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(Number(server.otlpGrpc?.port), '127.0.0.1', () => socket.end(Buffer.from('GET / HTTP/1.1\r\n\r\n\x00\xff garbage')));
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.resume();
    });
    const ok = await exportOnce(new OTLPTraceExporter({ url: `http://${address}`, metadata: keyMetadata('x-api-key', 'dev-key') }), await finishedSpans());
    expect(ok.error).toBeUndefined();
    expect(ok.code).toBe(0);
  });
});

describe('OTLP/gRPC setting', () => {
  it('is off by default: no port in the configuration, no gRPC server built', async () => {
    expect(loadConfig({}).otlpGrpcPort).toBeUndefined();
    expect(loadConfig({ TRACEHUB_OTLP_GRPC_PORT: '' }).otlpGrpcPort).toBeUndefined();
    expect(loadConfig({ TRACEHUB_OTLP_GRPC_PORT: '4317', HOST: '0.0.0.0' })).toMatchObject({ otlpGrpcPort: 4317, host: '0.0.0.0' });
    expect(loadConfig({ TRACEHUB_OTLP_GRPC_PORT: '4317', TRACEHUB_OTLP_GRPC_HOST: '127.0.0.1' }).otlpGrpcHost).toBe('127.0.0.1');
    expect(() => loadConfig({ TRACEHUB_OTLP_GRPC_PORT: 'grpc' })).toThrow(/TRACEHUB_OTLP_GRPC_PORT/);
    const server = await startTestServer(BACKENDS[0]);
    try {
      expect(server.otlpGrpc).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('closes the gRPC port with the server', async () => {
    const server = await startTestServer(BACKENDS[0], { otlpGrpcPort: 0 });
    const port = await server.otlpGrpc?.listen();
    await server.close();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => { socket.destroy(); resolve('connected'); });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});

describe('OTLP/gRPC export handler', () => {
  const logged: string[] = [];
  const log = { info: (_f: object, m: string) => void logged.push(m), error: (_f: object, m: string) => void logged.push(`ERROR ${m}`) };
  const valid = Buffer.from(otlpTraceProtoTypes().request.encode({}).finish());

  function handle(options: Partial<GrpcExportHandlerOptions>, key: string | undefined, peer = 'ipv4:10.0.0.1:5000') {
    const handler = createGrpcExportHandler({
      auth: { authenticate: async (k) => (k === 'good' ? { projectId: 'p', keyId: 'k', scopes: ['ingest'] } : null) },
      otlp: { export: async () => ({ rejectedSpans: 0, message: '' }) },
      bodyLimitBytes: 1024,
      log,
      ...options,
    });
    const metadata = new Metadata();
    if (key) metadata.set('x-api-key', key);
    const callObject = { request: valid, metadata, getPeer: () => peer };
    return new Promise<{ code?: number; details?: string; retryAfter?: unknown }>((resolve) => {
      handler(callObject as never, (error) => resolve(error ? { code: error.code, details: error.details, retryAfter: error.metadata?.get('retry-after')[0] } : {}));
    });
  }

  it('limits failed authentications per address and requests per key', async () => {
    const rateLimits = { perKey: 2, failedAuthPerIp: 2, windowMs: 60_000 };
    // One handler, so its counters carry from call to call.
    const shared = createGrpcExportHandler({
      auth: { authenticate: async (k) => (k === 'good' ? { projectId: 'p', keyId: 'k', scopes: ['ingest'] } : null) },
      otlp: { export: async () => ({ rejectedSpans: 0, message: '' }) },
      bodyLimitBytes: 1024, rateLimits, log,
    });
    const run = (key: string | undefined, peer: string) => new Promise<number | undefined>((resolve) => {
      const metadata = new Metadata();
      if (key) metadata.set('x-api-key', key);
      shared({ request: valid, metadata, getPeer: () => peer } as never, (error) => resolve(error?.code));
    });
    expect(await run('bad', 'ipv4:10.0.0.2:1')).toBe(status.UNAUTHENTICATED);
    expect(await run(undefined, 'ipv4:10.0.0.2:2')).toBe(status.UNAUTHENTICATED);
    expect(await run('good', 'ipv4:10.0.0.2:3')).toBe(status.RESOURCE_EXHAUSTED);
    expect(await run('good', 'ipv4:10.0.0.3:1')).toBeUndefined();
    expect(await run('good', 'ipv4:10.0.0.3:1')).toBeUndefined();
    expect(await run('good', 'ipv4:10.0.0.3:1')).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('maps a busy ingest to UNAVAILABLE with retry-after and an unexpected failure to INTERNAL, logged', async () => {
    const busy = await handle({ otlp: { export: async () => { throw new BusyError('Ingestion is busy; retry in a second.'); } } }, 'good');
    expect(busy).toMatchObject({ code: status.UNAVAILABLE, retryAfter: '1' });
    const broken = await handle({ otlp: { export: async () => { throw new Error('disk on fire'); } } }, 'good');
    expect(broken.code).toBe(status.INTERNAL);
    expect(broken.details).not.toContain('disk on fire');
    expect(logged.filter((m) => m.startsWith('ERROR'))).toHaveLength(1);
  });

  it('shuts down within its grace time even when an export hangs', async () => {
    const grpcServer = createOtlpGrpcServer({
      host: '127.0.0.1', port: 0, bodyLimitBytes: 1024, log,
      auth: { authenticate: async () => ({ projectId: 'p', keyId: 'k', scopes: ['ingest'] }) },
      otlp: { export: () => new Promise<never>(() => undefined) },
    });
    const port = await grpcServer.listen();
    const hanging = rawExport(`127.0.0.1:${port}`, valid, keyMetadata('x-api-key', 'any'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await grpcServer.close(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await hanging).error?.code).toBeOneOf([status.CANCELLED, status.UNAVAILABLE]);
  });

  it('reads the client address from any peer form', () => {
    expect(peerAddress('ipv4:127.0.0.1:5000')).toBe('127.0.0.1');
    expect(peerAddress('ipv6:[::1]:5000')).toBe('::1');
    expect(peerAddress('127.0.0.1:5000')).toBe('127.0.0.1');
    expect(peerAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
  });
});
