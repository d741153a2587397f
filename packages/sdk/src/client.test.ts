import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTraceHub } from './client.js';
import { freePort, startFakeServer } from './testing/fake-server.js';
import type { FakeServer } from './testing/fake-server.js';
import type { TraceHubClient } from './trace-hub-client.js';
import type { TraceHubError, TraceHubOptions } from './types.js';

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

let servers: FakeServer[] = [];
let clients: TraceHubClient[] = [];

afterEach(async () => {
  await Promise.all(clients.map((c) => c.shutdown(100)));
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

async function server(handler?: FakeServer['handler']): Promise<FakeServer> {
  const s = await startFakeServer(handler);
  servers.push(s);
  return s;
}

function client(options: TraceHubOptions, errors: TraceHubError[] = []): TraceHubClient {
  const c = createTraceHub({
    apiKey: 'dev-key',
    flushIntervalMs: 60_000,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 40,
    exitFlushTimeoutMs: 0,
    setAsDefault: false,
    onError: (e) => errors.push(e),
    ...options,
  });
  clients.push(c);
  return c;
}

const spanPaths = (s: FakeServer) => s.requests.filter((r) => r.path === '/api/v1/ingest/spans');

describe('delivery', () => {
  it('sends traces, span events and evals in the ingest wire format, in order', async () => {
    const s = await server();
    const th = client({ baseUrl: `${s.url}/api/v1/`, environment: 'test' });
    const traceId = th.startTrace({ name: 'chat-request', inputText: 'hi', userId: 'user-42' });
    const outer = th.startSpan('retrieval', { spanType: 'tool', attributes: { source: 'kb' }, input: { q: 'hi' } });
    const inner = th.startSpan('rerank');
    th.logEvent('retrieved 5 docs', { metadata: { k: 5 } });
    inner.end({ output: [1, 2], usage: { inputTokens: 3, outputTokens: 4 } });
    th.endSpan({ status: 'success', spanId: outer.spanId });
    th.endTrace({ outputText: 'bye' });
    th.attachEval({ evalName: 'faithfulness', score: 0.72, passed: true, traceId, userReviewPassed: true });
    expect(await th.flush(2000)).toBe(true);

    expect(s.requests.map((r) => r.path)).toEqual(['/api/v1/ingest/traces', '/api/v1/ingest/spans', '/api/v1/evals']);
    for (const r of s.requests) expect(r.headers['x-api-key']).toBe('dev-key');
    const traceBody = s.requests[0].body;
    expect(traceBody.spans).toEqual([]);
    expect(traceBody.trace).toMatchObject({ trace_id: traceId, name: 'chat-request', status: 'success', environment: 'test', user_id: 'user-42', input_text: 'hi', output_text: 'bye' });
    expect(traceBody.trace.start_time).toMatch(ISO_MICROS);
    expect(traceBody.trace.end_time).toMatch(ISO_MICROS);

    const events = s.events();
    expect(events.map((e) => `${e.event_type}:${e.span_id ?? '-'}`)).toEqual([
      `START:${outer.spanId}`,
      `START:${inner.spanId}`,
      `LOG:${inner.spanId}`,
      `END:${inner.spanId}`,
      `END:${outer.spanId}`,
    ]);
    expect(events[0]).toMatchObject({ trace_id: traceId, payload: { name: 'retrieval', span_type: 'tool', attributes: { source: 'kb' }, input: { q: 'hi' } } });
    expect(events[0].payload.parent_span_id).toBeUndefined();
    expect(events[1].payload).toMatchObject({ name: 'rerank', span_type: 'span', parent_span_id: outer.spanId });
    expect(events[2].payload).toEqual({ message: 'retrieved 5 docs', level: 'INFO', metadata: { k: 5 } });
    expect(events[3].payload).toMatchObject({ status: 'success', output: [1, 2], input_tokens: 3, output_tokens: 4 });
    for (const e of events) expect(e.event_time).toMatch(ISO_MICROS);
    expect(outer.spanId).toMatch(/^[0-9a-f]{32}$/);

    const evalBody = s.requests[2].body;
    expect(evalBody.evals[0]).toMatchObject({ trace_id: traceId, eval_name: 'faithfulness', score: 0.72, passed: true, source: 'sdk', user_review_passed: true });
    expect(th.stats()).toEqual({ queued: 0, sent: 7, dropped: 0, failed: 0 });
  });

  it('gives every item its own idempotency key', async () => {
    const s = await server();
    const th = client({ baseUrl: s.url });
    th.startTrace({ name: 't' });
    for (let i = 0; i < 5; i++) th.startSpan(`s${i}`).end();
    th.attachEval({ evalName: 'e', label: 'ok' });
    await th.flush(2000);
    const keys = [
      s.requests[0].body.idempotency_key,
      ...s.events().map((e) => e.idempotency_key),
      ...s.requests.filter((r) => r.path === '/api/v1/evals').flatMap((r) => r.body.evals.map((e: any) => e.idempotency_key)),
    ];
    expect(keys).toHaveLength(12);
    expect(keys.every((k) => typeof k === 'string' && k.length > 0)).toBe(true);
    expect(new Set(keys).size).toBe(12);
  });

  it('does not let a flush() right after another one wait for the timer', async () => {
    const s = await server();
    const th = client({ baseUrl: s.url });
    th.startSpan('first').end();
    expect(await th.flush(2000)).toBe(true);
    // Runs while the previous drain is still winding down.
    th.startSpan('second').end();
    const started = Date.now();
    expect(await th.flush(2000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(s.events().filter((e) => e.event_type === 'END')).toHaveLength(2);
  });

  it('sends a batch as soon as it is full, without waiting for the timer or flush()', async () => {
    const s = await server();
    const th = client({ baseUrl: s.url, maxBatchSize: 10 });
    th.startTrace({ name: 'batched' });
    for (let i = 0; i < 20; i++) th.startSpan(`s${i}`).end();
    await s.waitFor(() => s.events().length === 40, 3000);
    for (const r of spanPaths(s)) expect(r.body.events.length).toBeLessThanOrEqual(10);
    expect(spanPaths(s).length).toBeGreaterThanOrEqual(4);
  });

  it('sends on the timer', async () => {
    const s = await server();
    const th = client({ baseUrl: s.url, flushIntervalMs: 30 });
    th.startSpan('lonely').end();
    await s.waitFor(() => s.events().length === 2, 2000);
  });

  it('starts an implicit trace for a root span and closes it with the span', async () => {
    const s = await server();
    const th = client({ baseUrl: s.url, environment: 'prod' });
    const span = th.startSpan('root-op', { input: 'question' });
    span.end({ status: 'error', output: 'answer', statusMessage: 'boom' });
    await th.flush(2000);
    const traces = s.requests.filter((r) => r.path === '/api/v1/ingest/traces');
    expect(traces).toHaveLength(1);
    expect(traces[0].body.trace).toMatchObject({ trace_id: span.traceId, name: 'root-op', status: 'error', environment: 'prod', input_text: 'question', output_text: 'answer' });
    expect(s.events().map((e) => e.event_type)).toEqual(['START', 'END']);
  });

  it('retries 503 twice, then succeeds with the same body and keys', async () => {
    let spanRequests = 0;
    const s = await server((request) =>
      request.path === '/api/v1/ingest/spans' && spanRequests++ < 2 ? { status: 503, body: { error: 'busy' } } : undefined,
    );
    const errors: TraceHubError[] = [];
    const th = client({ baseUrl: s.url }, errors);
    th.startSpan('a').end();
    th.startSpan('b').end();
    expect(await th.flush(3000)).toBe(true);
    const attempts = spanPaths(s);
    expect(attempts.map((r) => r.status)).toEqual([503, 503, 200]);
    const first = attempts[0].body;
    for (const attempt of attempts) expect(attempt.body).toEqual(first);
    expect(s.requests.filter((r) => r.status === 503)).toHaveLength(2);
    expect(th.stats().failed).toBe(0);
    expect(errors).toEqual([]);
  });

  it('honours Retry-After', async () => {
    const s = await server((request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined));
    const th = client({ baseUrl: s.url });
    th.startTrace({ name: 'slow down' });
    expect(await th.flush(5000)).toBe(true);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('does not retry 400; a refused batch is resent item by item', async () => {
    const s = await server((request) => {
      if (request.path !== '/api/v1/ingest/spans') return undefined;
      const bad = request.body.events.some((e: any) => e.payload?.name === 'bad' || e.payload?.message === 'bad');
      return bad ? { status: 400, body: { error: 'validation_error', message: 'events[0].payload: bad' } } : undefined;
    });
    const errors: TraceHubError[] = [];
    const th = client({ baseUrl: s.url }, errors);
    th.startTrace({ name: 't' });
    th.startSpan('good', { active: false }).end();
    th.logEvent('bad');
    expect(await th.flush(2000)).toBe(true);
    const statuses = spanPaths(s).map((r) => `${r.status}:${r.body.events.length}`);
    expect(statuses).toEqual(['400:3', '200:1', '200:1', '400:1']);
    expect(th.stats()).toMatchObject({ sent: 3, failed: 1 });
    expect(errors.some((e) => e.kind === 'rejected' && e.message.includes('events[0].payload: bad'))).toBe(true);
  });

  it('counts items the server rejects per item', async () => {
    const s = await server((request) =>
      request.path === '/api/v1/evals'
        ? { status: 207, body: { accepted: 0, duplicates: 0, rejected: 1, items: [{ index: 0, kind: 'eval', id: 'x', status: 'rejected', reason: 'trace t-1 does not exist' }] } }
        : undefined,
    );
    const errors: TraceHubError[] = [];
    const th = client({ baseUrl: s.url }, errors);
    th.attachEval({ evalName: 'x', passed: false, traceId: 't-1' });
    await th.flush(2000);
    expect(th.stats()).toMatchObject({ sent: 0, failed: 1 });
    expect(errors[0]).toMatchObject({ kind: 'rejected' });
    expect(errors[0].message).toContain('trace t-1 does not exist');
  });

  it('drops items beyond maxQueueSize, counts them and reports once', async () => {
    const s = await server();
    const errors: TraceHubError[] = [];
    const th = client({ baseUrl: s.url, maxQueueSize: 5 }, errors);
    th.startTrace({ name: 't' });
    for (let i = 0; i < 20; i++) th.startSpan(`s${i}`).end();
    expect(th.stats()).toMatchObject({ queued: 5, dropped: 36 });
    expect(errors.filter((e) => e.kind === 'overflow')).toHaveLength(1);
    await th.flush(2000);
    expect(th.stats()).toMatchObject({ queued: 0, sent: 5, dropped: 36, failed: 0 });
  });

  it('keeps the host unharmed when the server is down', async () => {
    const port = await freePort();
    const errors: TraceHubError[] = [];
    const th = client({ baseUrl: `http://127.0.0.1:${port}`, retryDeadlineMs: 200, flushIntervalMs: 5 }, errors);
    const host = async () => {
      const span = th.startSpan('work');
      await new Promise((resolve) => setTimeout(resolve, 20));
      th.logEvent('halfway');
      span.end({ output: 42 });
      th.attachEval({ evalName: 'e', score: 1 });
      return 'host result';
    };
    await expect(host()).resolves.toBe('host result');
    const started = Date.now();
    expect(await th.flush(2000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(th.stats().failed).toBeGreaterThan(0);
    expect(th.stats().sent).toBe(0);
    expect(errors.some((e) => e.kind === 'delivery')).toBe(true);
  });

  it('resolves flush() by its timeout while the server keeps failing', async () => {
    const s = await server(() => ({ status: 503 }));
    const th = client({ baseUrl: s.url, retryDeadlineMs: 10_000, maxRetries: 100 });
    th.startSpan('x').end();
    const started = Date.now();
    expect(await th.flush(200)).toBe(false);
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('delivers once the server comes back within the retry window', async () => {
    const port = await freePort();
    const th = client({ baseUrl: `http://127.0.0.1:${port}`, retryDeadlineMs: 5000, maxRetries: 50, retryBaseDelayMs: 20, retryMaxDelayMs: 100 });
    const span = th.startSpan('resilient');
    span.end();
    const flushed = th.flush(5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const s = await startFakeServer(undefined, port);
    servers.push(s);
    expect(await flushed).toBe(true);
    expect(s.events().map((e) => e.event_type)).toEqual(['START', 'END']);
    expect(th.stats()).toMatchObject({ failed: 0, queued: 0 });
  });

  it('does nothing when disabled, and drops after shutdown', async () => {
    const s = await server();
    const off = client({ baseUrl: s.url, enabled: false });
    off.startSpan('ignored').end();
    await off.flush(500);
    expect(s.requests).toHaveLength(0);

    const th = client({ baseUrl: s.url });
    th.startSpan('before').end();
    expect(await th.shutdown(2000)).toBe(true);
    expect(await th.shutdown(2000)).toBe(true);
    th.startSpan('after').end();
    expect(th.stats()).toMatchObject({ dropped: 2, queued: 0 });
    expect(s.events()).toHaveLength(2);
  });

  it('never throws into the host for bad input or unserialisable payloads', async () => {
    const s = await server();
    const errors: TraceHubError[] = [];
    const th = client({ baseUrl: s.url }, errors);
    const cyclic: Record<string, unknown> = { big: 10n };
    cyclic.self = cyclic;
    const hostile = { toJSON() { throw new Error('no json for you'); } };
    expect(() => {
      const span = th.startSpan('weird', { input: cyclic });
      span.end({ output: hostile });
      th.endSpan();
      th.logError(new Error('nowhere'));
      th.attachEval({ evalName: 'e' });
      th.endTrace();
      (th as any).attachEval(null);
      (th as any).startSpan(undefined, 42).end(17);
    }).not.toThrow();
    await th.flush(2000);
    const events = s.events();
    expect(events.find((e) => e.event_type === 'START' && e.payload.name === 'weird').payload.input).toMatchObject({ big: '10', self: '[circular]' });
    expect(events.find((e) => e.event_type === 'END' && e.payload.output !== undefined).payload.output).toMatch(/^\[unserializable/);
    expect(errors.filter((e) => e.kind === 'usage').length).toBeGreaterThan(0);
  });

  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  it('sends what is queued when the process exits without flush() (built dist; npm test builds first)', async () => {
    const s = await server();
    const script = `import { createTraceHub } from ${JSON.stringify(dist)};
      const th = createTraceHub({ baseUrl: ${JSON.stringify(s.url)}, apiKey: 'k' });
      th.startSpan('at-exit').end({ output: 'bye' });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(s.events().map((e) => e.event_type)).toEqual(['START', 'END']);
  });
});
