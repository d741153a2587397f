import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTraceHub } from './client.js';
import type { TraceHubClient } from './trace-hub-client.js';

let th: TraceHubClient;
let requests: Array<{ path: string; body: any }>;

beforeEach(() => {
  requests = [];
  th = createTraceHub({
    flushIntervalMs: 60_000,
    exitFlushTimeoutMs: 0,
    setAsDefault: false,
    environment: 'prod',
    transport: {
      async send(request) {
        requests.push({ path: request.path, body: JSON.parse(request.body) });
        return { status: 200, retryAfterMs: null, body: null };
      },
    },
  });
});
afterEach(async () => {
  await th.shutdown(100);
});

const events = () => requests.filter((r) => r.path === '/ingest/spans').flatMap((r) => r.body.events);

describe('LangGraph', () => {
  it('records a run node by node: trace, graph root span, nested node spans', async () => {
    const traceId = th.startLanggraphRun({ graphName: 'agent_router', runId: 'lg-run-002', inputText: '환불 규정 알려줘', model: 'gpt-4.1-mini' });
    const router = th.startLanggraphNode({ nodeId: 'router', nodeName: 'intent_router', nodeType: 'router', inputState: { question: '환불 규정 알려줘' } });
    th.endLanggraphNode({ nodeId: 'router', outputState: { route: 'policy_lookup' } });
    const lookup = th.startLanggraphNode({ nodeId: 'policy_lookup', nodeType: 'tool', parentNodeId: 'router', inputState: { route: 'policy_lookup' } });
    th.endLanggraphNode({ nodeId: 'policy_lookup', outputState: { policy_id: 'refund-v3' }, inputTokens: 4 });
    th.endLanggraphRun({ outputText: 'refund within 7 days' });
    expect(th.currentTraceId()).toBeUndefined();
    await th.flush(1000);

    const trace = requests.find((r) => r.path === '/ingest/traces')!.body.trace;
    expect(trace).toMatchObject({ trace_id: traceId, name: 'agent_router', status: 'success', model: 'gpt-4.1-mini', environment: 'prod', output_text: 'refund within 7 days' });
    expect(trace.attributes).toEqual({ 'langgraph.run_id': 'lg-run-002', 'langgraph.graph_name': 'agent_router' });

    const starts = events().filter((e) => e.event_type === 'START');
    const root = starts.find((e) => e.payload.span_type === 'graph');
    expect(root.payload).toMatchObject({ name: 'agent_router', input: { input_text: '환불 규정 알려줘' } });
    expect(root.payload.parent_span_id).toBeUndefined();
    const routerStart = starts.find((e) => e.span_id === router.spanId);
    expect(routerStart.payload).toMatchObject({
      name: 'intent_router',
      span_type: 'router',
      parent_span_id: root.span_id,
      input: { question: '환불 규정 알려줘' },
      attributes: { 'langgraph.node_id': 'router', 'langgraph.node_name': 'intent_router', 'langgraph.node_type': 'router', 'langgraph.run_id': 'lg-run-002' },
    });
    const lookupStart = starts.find((e) => e.span_id === lookup.spanId);
    expect(lookupStart.payload).toMatchObject({ name: 'policy_lookup', span_type: 'tool', parent_span_id: router.spanId, attributes: { 'langgraph.parent_node_id': 'router' } });
    const ends = events().filter((e) => e.event_type === 'END');
    expect(ends.find((e) => e.span_id === lookup.spanId).payload).toMatchObject({ output: { policy_id: 'refund-v3' }, input_tokens: 4, status: 'success' });
    expect(ends.find((e) => e.span_id === root.span_id).payload.output).toEqual({ output_text: 'refund within 7 days' });
    expect(new Set(events().map((e) => e.trace_id))).toEqual(new Set([traceId]));
  });

  it('ends nodes left open when the run ends', async () => {
    th.startLanggraphRun({ graphName: 'g' });
    const open = th.startLanggraphNode({ nodeId: 'stuck' });
    th.endLanggraphRun({ status: 'error' });
    await th.flush(1000);
    const end = events().find((e) => e.event_type === 'END' && e.span_id === open.spanId);
    expect(end.payload.status).toBe('error');
  });

  it('sends a finished run whole to /ingest/langgraph-runs', async () => {
    const traceId = th.ingestLanggraphRun({
      graphName: 'agent_router',
      runId: 'lg-run-001',
      status: 'success',
      startTime: '2026-02-07T10:00:00Z',
      endTime: Date.UTC(2026, 1, 7, 10, 0, 4),
      model: 'gpt-4.1-mini',
      nodes: [
        { nodeId: 'plan', nodeName: 'planner', nodeType: 'router', startTime: new Date('2026-02-07T10:00:00Z'), inputState: { question: '...' }, outputState: { route: 'retrieval' }, idempotencyKey: 'plan-1' },
        { nodeId: 'retrieve', nodeName: 'retrieval', nodeType: 'tool', parentNodeId: 'plan', outputState: { docs: 5 } },
      ],
    });
    await th.flush(1000);
    const [run] = requests.filter((r) => r.path === '/ingest/langgraph-runs');
    expect(run.body).toMatchObject({
      trace_id: traceId,
      run_id: 'lg-run-001',
      graph_name: 'agent_router',
      status: 'success',
      start_time: '2026-02-07T10:00:00Z',
      end_time: '2026-02-07T10:00:04.000000Z',
      environment: 'prod',
    });
    expect(run.body.idempotency_key).toEqual(expect.any(String));
    expect(run.body.nodes[0]).toMatchObject({ node_id: 'plan', node_name: 'planner', node_type: 'router', start_time: '2026-02-07T10:00:00.000000Z', idempotency_key: 'plan-1' });
    expect(run.body.nodes[1]).toMatchObject({ node_id: 'retrieve', parent_node_id: 'plan', output_state: { docs: 5 } });
    expect(run.body.nodes[1].idempotency_key).toEqual(expect.any(String));
    // The node sent without times starts and ends with the run.
    expect(run.body.nodes[1]).toMatchObject({ start_time: '2026-02-07T10:00:00Z', end_time: '2026-02-07T10:00:04.000000Z' });
  });

  it('ends what a finished run sent without times started: the run and every node get an end', async () => {
    const before = Date.now();
    th.ingestLanggraphRun({ graphName: 'agent_router', status: 'success', nodes: [{ nodeId: 'plan' }, { nodeId: 'retrieve', parentNodeId: 'plan' }] });
    // Node ends known for every node: the run ends with the latest of them.
    th.ingestLanggraphRun({
      graphName: 'timed',
      nodes: [
        { nodeId: 'a', startTime: '2026-02-07T10:00:00Z', endTime: '2026-02-07T10:00:01Z' },
        { nodeId: 'b', startTime: '2026-02-07T10:00:01Z', endTime: '2026-02-07T10:00:03Z' },
      ],
    });
    // A run still running keeps its open nodes open.
    th.ingestLanggraphRun({ graphName: 'live', status: 'running', nodes: [{ nodeId: 'step' }] });
    await th.flush(1000);
    const [untimed, timed, live] = requests.filter((r) => r.path === '/ingest/langgraph-runs').map((r) => r.body);
    expect(Date.parse(untimed.end_time)).toBeGreaterThanOrEqual(before - 1);
    for (const node of untimed.nodes) expect(node).toMatchObject({ start_time: untimed.start_time, end_time: untimed.end_time });
    expect(timed).toMatchObject({ start_time: '2026-02-07T10:00:00Z', end_time: '2026-02-07T10:00:03Z' });
    expect(live.end_time).toBeUndefined();
    expect(live.nodes[0].end_time).toBeUndefined();
    expect(live.nodes[0].start_time).toBe(live.start_time);
  });
});
