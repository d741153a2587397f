/** Test helpers: an app over a fresh store of either backend, and the seed-003 request bodies. */
import type { FastifyInstance } from 'fastify';
import { createServer, type RunningServer } from '../src/server.js';
import { createTestStore, tempDir, type Backend } from '../src/storage/testing/test-stores.js';
import type { Config } from '../src/config.js';
import { loadDecisionConfig } from '../src/decision/decision-config.js';

/** A configuration for tests (quiet logs, small body limit where asked). */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDir(),
    bootstrapKey: 'dev-key',
    bodyLimitBytes: 10 * 1024 * 1024,
    ingestWorker: true,
    decision: loadDecisionConfig({}),
    logLevel: 'silent',
    ...overrides,
  };
}

/** A server (not listening) over a fresh store of `backend`. */
export async function startTestServer(backend: Backend, overrides: Partial<Config> = {}): Promise<RunningServer> {
  const store = await createTestStore(backend);
  return createServer(testConfig(overrides), { store, logger: false });
}

/** Sends JSON with the dev key. */
export function call(app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, key = 'dev-key') {
  return callWith(app, { 'x-api-key': key }, method, url, body);
}

/** Sends JSON with these credential headers (an API key, or a Basic authorization). */
export async function callWith(app: FastifyInstance, headers: Record<string, string>, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) {
  const response = await app.inject({
    method,
    url,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
}

/** `Authorization: Basic` as the Langfuse SDKs send it: any public key, a Trace Hub key as the secret. */
export function basicAuth(publicKey = 'pk-lf-test', secretKey = 'dev-key'): string {
  return `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`;
}

export const SEED_TRACE = {
  trace: {
    trace_id: '11111111-1111-1111-1111-111111111111',
    status: 'running',
    start_time: '2026-02-07T10:00:00Z',
    model: 'gpt-4.1-mini',
    environment: 'prod',
    user_id: 'u-1',
    session_id: 's-1',
    input_text: '질문',
    output_text: '답변',
    attributes: { team: 'search' },
    user_review_passed: true,
  },
  spans: [
    {
      span_id: '22222222-2222-2222-2222-222222222222',
      trace_id: '11111111-1111-1111-1111-111111111111',
      name: 'root',
      span_type: 'llm',
      status: 'running',
      start_time: '2026-02-07T10:00:01Z',
      attributes: { model: 'gpt-4.1-mini' },
      idempotency_key: 'trace-111-root-start',
    },
  ],
  allow_missing_parent: true,
};

export const SEED_EVENTS = {
  events: [
    {
      trace_id: '11111111-1111-1111-1111-111111111111',
      span_id: '22222222-2222-2222-2222-222222222222',
      event_type: 'LOG',
      event_time: '2026-02-07T10:00:05Z',
      payload: { message: 'tool started' },
      idempotency_key: 'log-1',
    },
    {
      trace_id: '11111111-1111-1111-1111-111111111111',
      span_id: '22222222-2222-2222-2222-222222222222',
      event_type: 'AMENDMENT',
      event_time: '2026-02-07T10:00:10Z',
      payload: { patch: { attributes: { retry: 1 } } },
      idempotency_key: 'amd-1',
    },
  ],
};

export const SEED_LANGGRAPH = {
  trace_id: '33333333-3333-3333-3333-333333333333',
  run_id: 'lg-run-001',
  graph_name: 'agent_router',
  status: 'success',
  start_time: '2026-02-07T10:00:00Z',
  end_time: '2026-02-07T10:00:04Z',
  model: 'gpt-4.1-mini',
  environment: 'prod',
  nodes: [
    {
      node_id: 'plan',
      node_name: 'planner',
      node_type: 'router',
      start_time: '2026-02-07T10:00:00Z',
      end_time: '2026-02-07T10:00:01Z',
      input_state: { question: '...' },
      output_state: { route: 'retrieval' },
      idempotency_key: 'plan-1',
    },
    {
      node_id: 'retrieve',
      node_name: 'retrieval',
      node_type: 'tool',
      parent_node_id: 'plan',
      start_time: '2026-02-07T10:00:01Z',
      end_time: '2026-02-07T10:00:03Z',
      input_state: { route: 'retrieval' },
      output_state: { docs: 5 },
      idempotency_key: 'retrieve-1',
    },
  ],
};

export const SEED_EVAL = {
  trace_id: '11111111-1111-1111-1111-111111111111',
  eval_name: 'faithfulness',
  eval_model: 'gpt-4.1-mini',
  score: 0.78,
  passed: true,
  metadata: { prompt_version: 'v2' },
  user_review_passed: true,
  idempotency_key: 'eval-1',
};
