/**
 * Fuzz: the ingest routes (traces, span events, LangGraph runs, evals, OTLP JSON) on both backends.
 * Hostile bodies never get a 5xx, and after every accepted write the traces still list and read.
 */
import zlib from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { BACKENDS } from '../../src/storage/testing/test-stores.js';
import { malformedPayload, mutatedBody, nastyId, nastyTime, nastyNumber, nastyString, RawJson, toJsonText } from './arbitraries.js';
import { expectEverythingReadable, expectReadable, fuzz, jsonRequest, send, sendChecked, startFuzzServer, printTally, type FuzzRequest } from './fuzz-harness.js';

const BASE_TRACE = 'fuzz-base-trace';
const BASE_SPAN = 'fuzz-base-span';

/** A valid trace with two spans. */
const traceBody = (n: number) => ({
  trace: {
    trace_id: `fz-t-${n}`, name: 'fuzz trace', status: 'running', start_time: '2026-02-07T10:00:00Z', model: 'gpt-4.1-mini', environment: 'prod',
    user_id: 'u-1', session_id: `s-${n % 7}`, input_text: '질문', output_text: '답변', attributes: { team: 'search' }, tags: ['a'], user_review_passed: true,
  },
  spans: [
    { span_id: `fz-s-${n}`, trace_id: `fz-t-${n}`, name: 'root', span_type: 'llm', status: 'success', start_time: '2026-02-07T10:00:01Z',
      end_time: '2026-02-07T10:00:02Z', model: 'gpt-4.1-mini', input: { q: 1 }, output: 'ok', input_tokens: 10, output_tokens: 5, cost: 0.001,
      attributes: { model: 'gpt-4.1-mini' }, idempotency_key: `fz-k-${n}` },
    { span_id: `fz-c-${n}`, trace_id: `fz-t-${n}`, parent_span_id: `fz-s-${n}`, name: 'child', span_type: 'tool', status: 'error',
      start_time: '2026-02-07T10:00:01.5Z', end_time: '2026-02-07T10:00:01.7Z', status_message: 'boom' },
  ],
  allow_missing_parent: true,
});

/** Span events on the base trace: START, LOG, AMENDMENT, END. */
const spansBody = (n: number) => ({
  events: [
    { trace_id: BASE_TRACE, span_id: `ev-${n}`, parent_span_id: BASE_SPAN, event_type: 'START', event_time: '2026-02-07T10:00:03Z',
      payload: { name: 'step', span_type: 'tool', input: { a: 1 }, attributes: { k: 'v' } }, idempotency_key: `ev-start-${n}` },
    { trace_id: BASE_TRACE, span_id: `ev-${n}`, event_type: 'LOG', event_time: '2026-02-07T10:00:04Z', payload: { message: 'log' }, idempotency_key: `ev-log-${n}` },
    { trace_id: BASE_TRACE, span_id: `ev-${n}`, event_type: 'AMENDMENT', event_time: '2026-02-07T10:00:05Z',
      payload: { patch: { attributes: { retry: 1 }, output: { fixed: true } } }, idempotency_key: `ev-amd-${n}` },
    { trace_id: BASE_TRACE, span_id: `ev-${n}`, event_type: 'END', event_time: '2026-02-07T10:00:06Z',
      payload: { status: 'success', output: 'done', input_tokens: 3 }, idempotency_key: `ev-end-${n}` },
  ],
});

/** A LangGraph run of two nodes. */
const langgraphBody = (n: number) => ({
  trace_id: `fz-lg-${n}`, run_id: `fz-run-${n}`, graph_name: 'agent_router', status: 'success', start_time: '2026-02-07T10:00:00Z',
  end_time: '2026-02-07T10:00:04Z', model: 'gpt-4.1-mini', environment: 'prod',
  nodes: [
    { node_id: 'plan', node_name: 'planner', node_type: 'router', start_time: '2026-02-07T10:00:00Z', end_time: '2026-02-07T10:00:01Z',
      input_state: { question: '...' }, output_state: { route: 'retrieval' }, idempotency_key: `plan-${n}` },
    { node_id: 'retrieve', node_name: 'retrieval', node_type: 'tool', parent_node_id: 'plan', start_time: '2026-02-07T10:00:01Z',
      end_time: '2026-02-07T10:00:03Z', input_state: { route: 'retrieval' }, output_state: { docs: 5 }, idempotency_key: `retrieve-${n}` },
  ],
});

/** One eval, or a batch of two. */
const evalBody = (n: number) =>
  n % 2
    ? { trace_id: BASE_TRACE, eval_name: 'faithfulness', eval_model: 'gpt-4.1-mini', score: 0.78, passed: true, metadata: { v: 2 }, user_review_passed: true, idempotency_key: `eval-${n}` }
    : { evals: [{ trace_id: BASE_TRACE, span_id: BASE_SPAN, eval_name: 'relevance', score: 1, label: 'good', idempotency_key: `eval-a-${n}` }, { trace_id: BASE_TRACE, eval_name: 'x', passed: false }] };

/** An OTLP/JSON export of one GenAI span. */
const otlpBody = (n: number) => ({
  resourceSpans: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fuzz' } }] },
    scopeSpans: [{
      scope: { name: 'fuzz-scope', version: '1' },
      spans: [{
        traceId: n.toString(16).padStart(32, '0'), spanId: (n + 1).toString(16).padStart(16, '0'), name: 'chat gpt-4.1-mini', kind: 3,
        startTimeUnixNano: '1770458400000000000', endTimeUnixNano: '1770458401000000000',
        attributes: [
          { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4.1-mini' } },
          { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
          { key: 'gen_ai.prompt', value: { stringValue: 'hi' } },
          { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { boolValue: true }] } } },
        ],
        events: [{ timeUnixNano: '1770458400500000000', name: 'log', attributes: [{ key: 'm', value: { doubleValue: 1.5 } }] }],
        status: { code: 1 },
      }],
    }],
  }],
});

/** A trace body whose trace id is `id` (past findings). */
const traceWithId = (id: string) => ({ ...traceBody(0), trace: { ...traceBody(0).trace, trace_id: id }, spans: [] });

const ROUTES: Array<{ name: string; url: string; template: (n: number) => unknown; runs: number; examples?: unknown[] }> = [
  // Past finding: `..` (and `.`) are accepted ids that no browser or fetch() can put in /traces/{id}.
  { name: 'POST /api/v1/ingest/traces', url: '/api/v1/ingest/traces', template: traceBody, runs: 50, examples: [traceWithId('..'), traceWithId('.')] },
  // Past finding: an AMENDMENT patch `{"attributes": 1e999}` (JSON.parse reads Infinity) on PostgreSQL.
  { name: 'POST /api/v1/ingest/spans', url: '/api/v1/ingest/spans', template: spansBody, runs: 40,
    examples: [{ events: [{ trace_id: BASE_TRACE, span_id: BASE_SPAN, event_type: 'AMENDMENT', payload: { patch: { attributes: new RawJson('1e999') } }, idempotency_key: 'amd-inf' }] }] },
  { name: 'POST /api/v1/ingest/langgraph-runs', url: '/api/v1/ingest/langgraph-runs', template: langgraphBody, runs: 30 },
  { name: 'POST /api/v1/evals', url: '/api/v1/evals', template: evalBody, runs: 25 },
  { name: 'POST /v1/traces (OTLP JSON)', url: '/v1/traces', template: otlpBody, runs: 30 },
];

describe.each(BACKENDS)('fuzz: ingest on %s', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startFuzzServerWithBase(backend);
  });
  afterAll(async () => {
    printTally(`ingest on ${backend}`);
    await server?.close();
  });

  for (const route of ROUTES) {
    it(`${route.name}: hostile fields never give a 5xx, accepted data reads back`, async () => {
      const examples = (route.examples ?? []).map((body) => jsonRequest('POST', route.url, body));
      await fuzz(mutatedBody(route.template).map((body) => jsonRequest('POST', route.url, body)), route.runs, async (req) => {
        const res = await sendChecked(server.app, req);
        await expectReadable(server.app, req, res);
      }, examples);
    });
  }

  it('every ingest route: malformed bodies and wrong content types never give a 5xx', async () => {
    const arb = fc.record({
      url: fc.constantFrom(...ROUTES.map((r) => r.url), '/api/v1/otlp/v1/traces'),
      payload: malformedPayload,
      contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-protobuf', 'application/octet-stream', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
    }).map((r): FuzzRequest => ({ method: 'POST', ...r }));
    await fuzz(arb, 60, async (req) => {
      const res = await sendChecked(server.app, req);
      await expectReadable(server.app, req, res);
    });
  });

  it('OTLP: random bytes, compressed bodies (gzip, deflate, br, bombs) and mismatched encodings never give a 5xx', async () => {
    const json = mutatedBody(otlpBody).map((b) => Buffer.from(toJsonText(b)));
    const body = fc.oneof(json, fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), fc.constant(Buffer.alloc(0)));
    const arb = fc.record({
      body,
      encoding: fc.constantFrom('gzip', 'deflate', 'br', 'identity', undefined, 'gzip, gzip', 'x-unknown', 'GZIP'),
      compress: fc.constantFrom('match', 'none', 'bomb', 'truncate'),
      contentType: fc.constantFrom('application/json', 'application/x-protobuf', 'application/protobuf', 'application/octet-stream'),
      url: fc.constantFrom('/v1/traces', '/api/v1/otlp/v1/traces'),
    }).map(({ body: raw, encoding, compress, contentType, url }): FuzzRequest => {
      const zip = (b: Buffer) => (encoding?.toLowerCase().startsWith('gzip') ? zlib.gzipSync(b) : encoding === 'deflate' ? zlib.deflateSync(b) : encoding === 'br' ? zlib.brotliCompressSync(b) : b);
      let payload: Buffer = raw;
      if (compress === 'match') payload = zip(raw);
      else if (compress === 'bomb') payload = zip(Buffer.alloc(12 * 1024 * 1024, 0x20));
      else if (compress === 'truncate') payload = zip(raw).subarray(0, Math.max(1, Math.floor(zip(raw).length / 2)));
      return { method: 'POST', url, payload, contentType, ...(encoding ? { headers: { 'content-encoding': encoding } } : {}) };
    });
    await fuzz(arb, 50, async (req) => {
      const res = await sendChecked(server.app, req);
      await expectReadable(server.app, req, res);
    });
  });

  it('times, numbers and texts planted in every trace field keep the traces readable', async () => {
    const fields = ['start_time', 'end_time', 'input_tokens', 'output_tokens', 'total_tokens', 'cost', 'name', 'model', 'input', 'output', 'status_message', 'span_type', 'level',
      'session_id', 'user_id', 'environment', 'release', 'version', 'input_text', 'output_text', 'tags'];
    const arb = fc.record({ n: fc.nat({ max: 1e9 }), field: fc.constantFrom(...fields), value: fc.oneof(nastyTime, nastyNumber, nastyString, nastyId), onTrace: fc.boolean() }).map(({ n, field, value, onTrace }) => {
      const body = traceBody(n) as { trace: Record<string, unknown>; spans: Array<Record<string, unknown>> };
      if (onTrace && field in body.trace) body.trace[field] = value;
      else body.spans[0][field] = value;
      return jsonRequest('POST', '/api/v1/ingest/traces', body);
    });
    // Past findings first: a lone surrogate or a NUL in a session id (listed, then unreadable?).
    const planted = (n: number, field: string, value: unknown) => {
      const body = traceBody(n) as { trace: Record<string, unknown> };
      body.trace[field] = value;
      return jsonRequest('POST', '/api/v1/ingest/traces', body);
    };
    const examples = [
      planted(1_000_000_001, 'session_id', '\ud800'), planted(1_000_000_002, 'session_id', 'x\u0000'), planted(1_000_000_003, 'user_id', '\udfff'),
      planted(1_000_000_004, 'session_id', '..'),
    ];
    await fuzz(arb, 80, async (req) => {
      const res = await sendChecked(server.app, req);
      await expectReadable(server.app, req, res);
    }, examples);
  });

  it('afterwards every stored trace is listed and reads back, and the overviews answer', async () => {
    expect(await expectEverythingReadable(server.app)).toBeGreaterThan(0);
  });
});

/** A fuzz server with the base trace that span events and evals point at. */
async function startFuzzServerWithBase(backend: (typeof BACKENDS)[number]): Promise<RunningServer> {
  const server = await startFuzzServer(backend);
  const base = traceBody(0) as { trace: Record<string, unknown>; spans: Array<Record<string, unknown>> };
  base.trace.trace_id = BASE_TRACE;
  base.spans = [{ ...base.spans[0], trace_id: BASE_TRACE, span_id: BASE_SPAN, idempotency_key: 'base' }];
  const res = await send(server.app, jsonRequest('POST', '/api/v1/ingest/traces', base));
  if (res.status !== 200) throw new Error(`could not create the base trace: ${res.status} ${res.text}`);
  return server;
}
