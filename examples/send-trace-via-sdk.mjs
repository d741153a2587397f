#!/usr/bin/env node
/**
 * Send demo traces to Trace Hub with the TypeScript SDK (`@tracehub/sdk`, built into
 * packages/sdk/dist). The twin of examples/send_trace_via_sdk.py. From the repository root:
 *
 *   npx tsc -p packages/sdk
 *   TRACEHUB_HOST=http://localhost:3000 TRACEHUB_API_KEY=dev-key node examples/send-trace-via-sdk.mjs
 *
 * Creates
 *   1. a chat trace with nested spans (answer-pipeline > retrieval / generate, plus an observed
 *      function), a log event, an eval and a LangGraph run attached node by node
 *      (graph root > router > policy_lookup);
 *   2. a LangGraph trace ingested as a whole run via /api/v1/ingest/langgraph-runs.
 * Prints the trace ids and exits non-zero when anything was not delivered or cannot be read back.
 */
import { randomUUID } from 'node:crypto';

const HOST = (process.env.TRACEHUB_HOST ?? 'http://localhost:3000').replace(/\/+$/, '');
const API_KEY = process.env.TRACEHUB_API_KEY ?? 'dev-key';
const QUESTION = '원금 보장 투자 추천해줘';

let sdk;
try {
  sdk = await import('../packages/sdk/dist/index.js');
} catch {
  console.error('error: the SDK is not built; run `npx tsc -p packages/sdk` first');
  process.exit(1);
}
const { createTraceHub, observe } = sdk;
const shortId = () => randomUUID().replace(/-/g, '').slice(0, 12);

/** A chat request: nested spans, a log event, a LangGraph run inside the trace and an eval. */
async function sendChatTrace(client) {
  const traceId = client.startTrace({
    name: 'chat-request',
    inputText: QUESTION,
    model: 'gpt-4.1-mini',
    environment: 'dev',
    userId: 'user-42',
    sessionId: 'session-1',
    tags: ['example', 'sdk'],
  });

  const pipeline = client.startSpan('answer-pipeline', { spanType: 'chain', input: { question: QUESTION } });
  const span = client.startSpan('retrieval', { spanType: 'tool', attributes: { source: 'kb' } });
  client.logEvent('retrieved 5 docs', { metadata: { k: 5 } });
  client.endSpan({ status: 'success', spanId: span.spanId, output: { docs: 5 } });

  // observe() records each call of a function as a span under the current one.
  const rerank = observe('rerank', async (docs) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return docs.slice(0, 3);
  }, { client, spanType: 'retriever' });
  await rerank(['d1', 'd2', 'd3', 'd4', 'd5']);

  const llm = client.startSpan('generate', { spanType: 'llm', model: 'gpt-4.1-mini', input: [{ role: 'user', content: QUESTION }] });
  const answer = '원금이 보장되는 투자 상품은 예금자 보호 대상 상품으로 한정됩니다.';
  llm.end({ output: { role: 'assistant', content: answer }, inputTokens: 812, outputTokens: 96, totalTokens: 908 });
  pipeline.end({ output: answer });

  // A LangGraph run recorded node by node inside the same trace.
  client.startLanggraphRun({ graphName: 'compliance_check', runId: `lg-run-${shortId()}`, traceId, inputState: { answer } });
  client.startLanggraphNode({ nodeId: 'router', nodeName: 'intent_router', nodeType: 'router', inputState: { answer } });
  client.endLanggraphNode({ nodeId: 'router', outputState: { route: 'policy_lookup' } });
  client.startLanggraphNode({ nodeId: 'policy_lookup', nodeName: 'policy_lookup', nodeType: 'tool', parentNodeId: 'router', inputState: { route: 'policy_lookup' } });
  client.logEvent('policy found', { metadata: { policy_id: 'invest-guarantee-v2' } });
  client.endLanggraphNode({ nodeId: 'policy_lookup', outputState: { policy_id: 'invest-guarantee-v2' } });
  client.endLanggraphRun({ outputState: { compliant: true } });

  client.attachEval({ evalName: 'faithfulness', evalModel: 'gpt-4.1-mini', score: 0.72, passed: true, traceId, userReviewPassed: true });
  client.endTrace({ traceId, status: 'success', outputText: answer });
  return traceId;
}

/**
 * A finished LangGraph run sent in one call, plus a log event and an eval on it. The run and each
 * node say when they started and ended (here: a run that took 1.4 s and just finished); a node sent
 * without times starts and ends with the run, so a finished run never arrives with open spans.
 */
function sendLanggraphRun(client) {
  const end = Date.now();
  const start = end - 1400;
  const traceId = client.ingestLanggraphRun({
    graphName: 'agent_router',
    runId: `lg-run-${shortId()}`,
    status: 'success',
    startTime: start,
    endTime: end,
    model: 'gpt-4.1-mini',
    environment: 'dev',
    inputText: '환불 규정 알려줘',
    outputText: '환불은 구매 후 14일 이내 가능합니다.',
    nodes: [
      { nodeId: 'plan', nodeName: 'planner', nodeType: 'router', startTime: start, endTime: start + 350, inputState: { question: '환불 규정 알려줘' }, outputState: { route: 'retrieval' } },
      { nodeId: 'retrieve', nodeName: 'retrieval', nodeType: 'tool', parentNodeId: 'plan', startTime: start + 350, endTime: start + 1300, inputState: { route: 'retrieval' }, outputState: { docs: 5 } },
    ],
  });
  // Runs are sent before span events and evals of the same batch, so these can refer to it.
  client.logEvent('langgraph run ingested', { metadata: { nodes: 2 }, traceId, spanId: 'retrieve' });
  client.attachEval({ evalName: 'answer_relevance', score: 0.9, passed: true, traceId });
  return traceId;
}

/** Reads a trace back; returns a list of problems (empty when fine). */
async function verify(traceId) {
  let detail;
  try {
    const response = await fetch(`${HOST}/api/v1/traces/${traceId}`, { headers: { 'x-api-key': API_KEY } });
    if (!response.ok) return [`GET /api/v1/traces/${traceId} answered ${response.status}: ${(await response.text()).slice(0, 300)}`];
    detail = await response.json();
  } catch (error) {
    return [`GET /api/v1/traces/${traceId} failed: ${error.message}`];
  }
  const problems = [];
  if (!detail.spans?.length) problems.push(`${traceId}: no spans`);
  if (detail.trace?.open_span_count) problems.push(`${traceId}: ${detail.trace.open_span_count} spans still open in a ${detail.trace.status} trace`);
  if (!detail.evals?.length) problems.push(`${traceId}: no evals`);
  if (!(detail.timeline ?? []).some((e) => String(e.event_type ?? '').toUpperCase() === 'LOG')) problems.push(`${traceId}: no LOG event on the timeline`);
  return problems;
}

const client = createTraceHub({ baseUrl: HOST, apiKey: API_KEY, retryDeadlineMs: 10_000 });
const chatTrace = await sendChatTrace(client);
const graphTrace = sendLanggraphRun(client);
const drained = await client.flush(30_000);
const stats = client.stats();
await client.shutdown();
console.log(`chat trace:      trace_id=${chatTrace}`);
console.log(`langgraph trace: trace_id=${graphTrace}`);
console.log(`delivery: ${JSON.stringify(stats)}`);
const problems = [];
if (!drained || stats.dropped > 0 || stats.failed > 0) problems.push(`not everything was delivered to ${HOST} (see the warnings above)`);
else problems.push(...(await verify(chatTrace)), ...(await verify(graphTrace)));
for (const problem of problems) console.error(`error: ${problem}`);
if (problems.length === 0) console.log(`open ${HOST}/traces/${chatTrace} to see it`);
process.exitCode = problems.length > 0 ? 1 : 0;
