/** Maps a LangGraph run (`POST /ingest/langgraph-runs`) onto one trace: a graph root span and a span per node. */
import type { IngestTracesBody, LanggraphRunBody, SpanInput } from '@tracehub/core';

const stateText = (state: unknown): string | undefined =>
  state === undefined ? undefined : typeof state === 'string' ? state : JSON.stringify(state);

/** The trace and spans of a LangGraph run; node spans hang under their parent node or the root. */
export function mapLanggraphRun(run: LanggraphRunBody): IngestTracesBody {
  const rootId = run.run_id ?? 'graph';
  const graphAttributes = { 'langgraph.graph_name': run.graph_name, ...(run.run_id ? { 'langgraph.run_id': run.run_id } : {}) };
  const nodeIds = new Set(run.nodes.map((n) => n.node_id));
  const ends = run.nodes.map((n) => n.end_time).filter((t): t is number => t != null);
  const starts = run.nodes.map((n) => n.start_time).filter((t): t is number => t != null);
  const start = run.start_time ?? (starts.length ? Math.min(...starts) : undefined);
  const end = run.end_time !== undefined ? run.end_time : ends.length === run.nodes.length && ends.length ? Math.max(...ends) : undefined;
  const anyError = run.nodes.some((n) => n.status === 'error');
  const status = run.status ?? (anyError ? 'error' : end != null ? 'success' : undefined);

  const root: SpanInput = {
    span_id: rootId,
    name: run.graph_name,
    span_type: 'graph',
    status,
    start_time: start,
    end_time: end,
    model: run.model,
    input: run.input_state,
    output: run.output_state,
    attributes: { ...run.attributes, ...graphAttributes },
    idempotency_key: run.idempotency_key ? `${run.idempotency_key}:root` : undefined,
  };
  const nodes: SpanInput[] = run.nodes.map((node) => ({
    span_id: node.node_id,
    parent_span_id: node.parent_node_id && nodeIds.has(node.parent_node_id) ? node.parent_node_id : rootId,
    name: node.node_name ?? node.node_id,
    span_type: node.node_type ?? 'chain',
    status: node.status,
    start_time: node.start_time,
    end_time: node.end_time,
    model: node.model,
    input: node.input_state,
    output: node.output_state,
    input_tokens: node.input_tokens,
    output_tokens: node.output_tokens,
    total_tokens: node.total_tokens,
    cost: node.cost,
    status_message: node.status_message,
    attributes: {
      ...node.attributes,
      ...(node.metadata ? { metadata: node.metadata } : {}),
      ...graphAttributes,
      'langgraph.node_id': node.node_id,
      'langgraph.node_name': node.node_name ?? node.node_id,
      'langgraph.node_type': node.node_type ?? 'chain',
      ...(node.parent_node_id ? { 'langgraph.parent_node_id': node.parent_node_id } : {}),
    },
    idempotency_key: node.idempotency_key,
  }));
  return {
    trace: {
      trace_id: run.trace_id,
      name: run.graph_name,
      status,
      start_time: start,
      end_time: end,
      model: run.model,
      environment: run.environment,
      user_id: run.user_id,
      session_id: run.session_id,
      input_text: run.input_text ?? stateText(run.input_state),
      output_text: run.output_text ?? stateText(run.output_state),
      attributes: { ...run.attributes, ...graphAttributes },
      tags: run.tags,
    },
    spans: [root, ...nodes],
    allow_missing_parent: true,
  };
}
