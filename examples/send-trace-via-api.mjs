#!/usr/bin/env node
/**
 * Send demo traces to Trace Hub by calling the HTTP ingest API directly with Node's fetch (no
 * SDK, no dependencies). The twin of examples/send_trace_via_api.py:
 *
 *   TRACEHUB_HOST=http://localhost:3000 TRACEHUB_API_KEY=dev-key node examples/send-trace-via-api.mjs
 *
 * Posts the request bodies of the README's curl examples, with fresh ids so the script can be run
 * again, and a few additions so that every trace has nested spans, a log event and an eval:
 *   1. POST /api/v1/ingest/traces         a chat trace with a root span and a nested child span
 *   2. POST /api/v1/ingest/spans          LOG + AMENDMENT events, then END events closing the spans
 *   3. POST /api/v1/evals                 an eval on the chat trace
 *   4. POST /api/v1/ingest/langgraph-runs a LangGraph run (root > plan > retrieve), a LOG on a node
 *      and an eval on that trace
 * Prints the trace ids and exits non-zero when a request fails or an item is rejected.
 */
import { randomUUID } from 'node:crypto';

const HOST = (process.env.TRACEHUB_HOST ?? 'http://localhost:3000').replace(/\/+$/, '');
const API_KEY = process.env.TRACEHUB_API_KEY ?? 'dev-key';

/** A request failed or the server rejected some of its items. */
class ApiError extends Error {}

/** Sends one JSON request; throws ApiError unless it is 200 with nothing rejected. */
async function request(method, path, body) {
  let response;
  try {
    response = await fetch(HOST + path, {
      method,
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new ApiError(`${method} ${path}: cannot reach ${HOST}: ${error.cause?.message ?? error.message}`);
  }
  const text = await response.text();
  let answer = null;
  try {
    answer = text ? JSON.parse(text) : null;
  } catch {
    answer = text;
  }
  if (response.status !== 200 || (answer && typeof answer === 'object' && answer.rejected)) {
    throw new ApiError(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 2000)}`);
  }
  if (method === 'POST' && answer && typeof answer === 'object') {
    const { accepted, duplicates, rejected } = answer;
    console.log(`${method} ${path} -> ${response.status} ${JSON.stringify({ accepted, duplicates, rejected })}`);
  }
  return answer;
}

const hex = () => randomUUID().replace(/-/g, '');

/** Curl examples 1, 2 and 3: trace + spans, span events, eval. */
async function sendChatTrace() {
  const traceId = randomUUID();
  const rootId = hex();
  const childId = hex();
  await request('POST', '/api/v1/ingest/traces', {
    trace: {
      trace_id: traceId,
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
        span_id: rootId,
        trace_id: traceId,
        name: 'root',
        span_type: 'llm',
        status: 'running',
        start_time: '2026-02-07T10:00:01Z',
        attributes: { model: 'gpt-4.1-mini' },
        idempotency_key: `${traceId}-root-start`,
      },
      {
        span_id: childId,
        trace_id: traceId,
        parent_span_id: rootId,
        name: 'tool-call',
        span_type: 'tool',
        status: 'running',
        start_time: '2026-02-07T10:00:02Z',
        idempotency_key: `${traceId}-child-start`,
      },
    ],
    allow_missing_parent: true,
  });
  await request('POST', '/api/v1/ingest/spans', {
    events: [
      {
        trace_id: traceId,
        span_id: childId,
        event_type: 'LOG',
        event_time: '2026-02-07T10:00:05Z',
        payload: { message: 'tool started' },
        idempotency_key: `${traceId}-log-1`,
      },
      {
        trace_id: traceId,
        span_id: rootId,
        event_type: 'AMENDMENT',
        event_time: '2026-02-07T10:00:10Z',
        payload: { patch: { attributes: { retry: 1 } } },
        idempotency_key: `${traceId}-amd-1`,
      },
      {
        trace_id: traceId,
        span_id: childId,
        event_type: 'END',
        event_time: '2026-02-07T10:00:06Z',
        payload: { status: 'success', output: { docs: 5 } },
        idempotency_key: `${traceId}-child-end`,
      },
      {
        trace_id: traceId,
        span_id: rootId,
        event_type: 'END',
        event_time: '2026-02-07T10:00:11Z',
        payload: { status: 'success', output: '답변', usage: { input_tokens: 120, output_tokens: 40, total_tokens: 160 } },
        idempotency_key: `${traceId}-root-end`,
      },
    ],
  });
  await request('POST', '/api/v1/evals', {
    trace_id: traceId,
    eval_name: 'faithfulness',
    eval_model: 'gpt-4.1-mini',
    score: 0.78,
    passed: true,
    metadata: { prompt_version: 'v2' },
    user_review_passed: true,
    idempotency_key: `${traceId}-eval-1`,
  });
  await request('POST', '/api/v1/ingest/traces', {
    trace: { trace_id: traceId, status: 'success', end_time: '2026-02-07T10:00:12Z' },
    spans: [],
    idempotency_key: `${traceId}-trace-end`,
  });
  return traceId;
}

/** Curl example 2-1 (a LangGraph run), then a log event on a node and an eval. */
async function sendLanggraphRun() {
  const traceId = randomUUID();
  const runId = `lg-run-${hex().slice(0, 12)}`;
  await request('POST', '/api/v1/ingest/langgraph-runs', {
    trace_id: traceId,
    run_id: runId,
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
        idempotency_key: `${runId}-plan-1`,
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
        idempotency_key: `${runId}-retrieve-1`,
      },
    ],
  });
  await request('POST', '/api/v1/ingest/spans', {
    events: [
      {
        trace_id: traceId,
        span_id: 'retrieve',
        event_type: 'LOG',
        event_time: '2026-02-07T10:00:02Z',
        payload: { message: 'retrieved 5 docs', metadata: { k: 5 } },
        idempotency_key: `${runId}-log-1`,
      },
    ],
  });
  await request('POST', '/api/v1/evals', {
    evals: [{ trace_id: traceId, eval_name: 'answer_relevance', score: 0.9, passed: true, idempotency_key: `${runId}-eval-1` }],
  });
  return traceId;
}

/** Reads the trace back and makes sure spans are nested and the eval is there. */
async function check(traceId) {
  const detail = await request('GET', `/api/v1/traces/${traceId}`);
  const roots = detail?.spans ?? [];
  if (!roots.some((root) => root.children?.length)) {
    throw new ApiError(`trace ${traceId}: spans are not nested: ${JSON.stringify(roots).slice(0, 500)}`);
  }
  if (!detail?.evals?.length) throw new ApiError(`trace ${traceId}: eval missing`);
}

try {
  const chatTrace = await sendChatTrace();
  const graphTrace = await sendLanggraphRun();
  await check(chatTrace);
  await check(graphTrace);
  console.log(`chat trace:      trace_id=${chatTrace}`);
  console.log(`langgraph trace: trace_id=${graphTrace}`);
} catch (error) {
  if (!(error instanceof ApiError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
}
