/**
 * LangGraph support, mirroring the Python SDK: a run recorded node by node (a trace, a root span
 * of type `graph`, one span per node nested under its parent node) or a finished run sent whole
 * to `POST /ingest/langgraph-runs`. Node metadata goes under `langgraph.*` attributes.
 */
import { compact } from './compact.js';
import { currentFrame } from './context.js';
import { newTraceId } from './ids.js';
import type {
  EndLanggraphNodeOptions,
  EndLanggraphRunOptions,
  IngestLanggraphRunOptions,
  StartLanggraphNodeOptions,
  StartLanggraphRunOptions,
} from './langgraph-types.js';
import { RunRecord } from './records.js';
import type { LanggraphRunState } from './records.js';
import type { Recorder } from './recorder.js';
import type { SpanRecord } from './span.js';
import { nowMs, toTimeValue } from './time.js';

const epochMs = (t: number | string): number => (typeof t === 'number' ? t : Date.parse(t));
/** The earliest / latest of some times (numbers or ISO strings, kept as given); undefined for none. */
const earliest = (times: Array<number | string>) => times.reduce<number | string | undefined>((a, t) => (a === undefined || epochMs(t) < epochMs(a) ? t : a), undefined);
const latest = (times: Array<number | string>) => times.reduce<number | string | undefined>((a, t) => (a === undefined || epochMs(t) > epochMs(a) ? t : a), undefined);

/** Runs remembered for `runId` look-ups; the oldest are forgotten beyond this. */
const MAX_RUNS = 10_000;

/** Records LangGraph runs through a client's recorder. */
export class LanggraphRecorder {
  private readonly runs = new Map<string, LanggraphRunState>();
  private latestRun: LanggraphRunState | undefined;

  constructor(
    private readonly recorder: Recorder,
    private readonly environment: string | undefined,
  ) {}

  startRun(options: StartLanggraphRunOptions): string {
    const graphName = String(options?.graphName || 'langgraph');
    const runId = options.runId ?? newTraceId();
    const attributes = { 'langgraph.run_id': runId, 'langgraph.graph_name': graphName, ...options.attributes };
    let traceId = options.traceId;
    const ownsTrace = traceId === undefined;
    if (traceId === undefined) {
      traceId = this.recorder.startTrace({
        name: graphName,
        inputText: options.inputText,
        model: options.model,
        environment: options.environment,
        userId: options.userId,
        sessionId: options.sessionId,
        attributes,
        tags: options.tags,
        startTime: options.startTime,
      });
    }
    const input = options.inputState !== undefined ? options.inputState : options.inputText !== undefined ? { input_text: options.inputText } : undefined;
    const root = this.recorder.startSpan(graphName, {
      spanType: 'graph',
      traceId,
      input,
      model: options.model,
      attributes,
      startTime: options.startTime,
    });
    const run: LanggraphRunState = { runId, graphName, traceId, root, ownsTrace, nodes: new Map() };
    root.run = run;
    this.runs.delete(runId);
    this.runs.set(runId, run);
    if (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value as string);
    this.latestRun = run;
    return traceId;
  }

  private findRun(runId: string | undefined): LanggraphRunState | undefined {
    if (runId !== undefined) return this.runs.get(runId);
    return currentFrame()?.run ?? this.latestRun;
  }

  private static latest(run: LanggraphRunState, nodeId: string, openOnly: boolean): SpanRecord | undefined {
    const spans = run.nodes.get(nodeId);
    if (spans === undefined) return undefined;
    for (let i = spans.length - 1; i >= 0; i--) if (!openOnly || !spans[i].ended) return spans[i];
    return undefined;
  }

  startNode(options: StartLanggraphNodeOptions): SpanRecord {
    let run = this.findRun(options.runId);
    if (run === undefined) {
      this.startRun({ graphName: 'langgraph', runId: options.runId });
      run = this.findRun(options.runId) as LanggraphRunState;
    }
    const nodeId = String(options.nodeId);
    const parentNodeId = options.parentNodeId;
    const parent = (parentNodeId !== undefined ? LanggraphRecorder.latest(run, parentNodeId, false) : undefined) ?? run.root;
    const attributes = {
      ...compact({
        'langgraph.run_id': run.runId,
        'langgraph.graph_name': run.graphName,
        'langgraph.node_id': nodeId,
        'langgraph.node_name': options.nodeName ?? nodeId,
        'langgraph.node_type': options.nodeType,
        'langgraph.parent_node_id': parentNodeId,
      }),
      ...options.attributes,
    };
    const span = this.recorder.startSpan(options.nodeName ?? nodeId, {
      spanType: options.nodeType ?? 'chain',
      parent,
      traceId: run.traceId,
      input: options.inputState,
      model: options.model,
      attributes,
      startTime: options.startTime,
    });
    span.run = run;
    span.nodeId = nodeId;
    const spans = run.nodes.get(nodeId);
    if (spans === undefined) run.nodes.set(nodeId, [span]);
    else spans.push(span);
    return span;
  }

  endNode(options: EndLanggraphNodeOptions): void {
    const run = this.findRun(options.runId);
    const span = run === undefined ? undefined : LanggraphRecorder.latest(run, String(options.nodeId), true);
    if (span === undefined) {
      this.recorder.usage(`node-${options.nodeId}`, `endLanggraphNode(): node "${options.nodeId}" is not open; ignored`);
      return;
    }
    this.recorder.finishSpan(span, {
      status: options.status,
      output: options.outputState,
      inputTokens: options.inputTokens,
      outputTokens: options.outputTokens,
      totalTokens: options.totalTokens,
      cachedInputTokens: options.cachedInputTokens,
      cost: options.cost,
      model: options.model,
      statusMessage: options.statusMessage,
      attributes: options.attributes,
      endTime: options.endTime,
    });
  }

  endRun(options: EndLanggraphRunOptions = {}): void {
    const run = this.findRun(options.runId);
    if (run === undefined) {
      this.recorder.usage('end-run', 'endLanggraphRun() was called without a run; ignored');
      return;
    }
    const status = options.status ?? 'success';
    for (const spans of run.nodes.values()) {
      for (const span of spans) if (!span.ended) this.recorder.finishSpan(span, { status, endTime: options.endTime });
    }
    const output = options.outputState !== undefined ? options.outputState : options.outputText !== undefined ? { output_text: options.outputText } : undefined;
    this.recorder.finishSpan(run.root, { status, output, endTime: options.endTime });
    if (run.ownsTrace) {
      this.recorder.endTrace({ traceId: run.traceId, status, outputText: options.outputText, endTime: options.endTime });
    }
    this.runs.delete(run.runId);
    if (this.latestRun === run) this.latestRun = undefined;
  }

  /**
   * Sends a run whole. Unless its status is `running`, the run is finished, so it ends what it
   * started: a missing run end is the latest node end (when every node has one) or now, a node
   * without times starts with the run and ends with it. Without this a "success" run would arrive
   * with every span still open.
   */
  ingestRun(options: IngestLanggraphRunOptions): string {
    const traceId = options.traceId ?? newTraceId();
    const given = options.nodes ?? [];
    const finished = options.status !== 'running';
    const stamp = nowMs();
    const nodeStarts = given.map((n) => toTimeValue(n.startTime)).filter((t) => t !== undefined);
    const nodeEnds = given.map((n) => toTimeValue(n.endTime)).filter((t) => t !== undefined);
    const runStart = toTimeValue(options.startTime) ?? earliest(nodeStarts) ?? stamp;
    const runEnd = toTimeValue(options.endTime) ?? (finished ? ((nodeEnds.length === given.length ? latest(nodeEnds) : undefined) ?? stamp) : undefined);
    const nodes = given.map((node) =>
      compact({
        node_id: node.nodeId,
        node_name: node.nodeName,
        node_type: node.nodeType,
        parent_node_id: node.parentNodeId,
        status: node.status,
        start_time: toTimeValue(node.startTime) ?? runStart,
        end_time: toTimeValue(node.endTime) ?? (finished ? runEnd : undefined),
        input_state: node.inputState,
        output_state: node.outputState,
        model: node.model,
        input_tokens: node.inputTokens,
        output_tokens: node.outputTokens,
        total_tokens: node.totalTokens,
        cost: node.cost,
        attributes: node.attributes,
        metadata: node.metadata,
        status_message: node.statusMessage,
        idempotency_key: node.idempotencyKey,
      }),
    );
    this.recorder.enqueue(
      new RunRecord(
        compact({
          trace_id: traceId,
          run_id: options.runId,
          graph_name: String(options.graphName || 'langgraph'),
          status: options.status,
          start_time: runStart,
          end_time: runEnd,
          model: options.model,
          environment: options.environment ?? this.environment,
          user_id: options.userId,
          session_id: options.sessionId,
          input_text: options.inputText,
          output_text: options.outputText,
          input_state: options.inputState,
          output_state: options.outputState,
          attributes: options.attributes,
          tags: options.tags,
          nodes,
        }),
      ),
    );
    return traceId;
  }
}
