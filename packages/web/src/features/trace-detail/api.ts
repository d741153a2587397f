/** Trace detail data: `GET /traces/{id}`, and adding a trace or span to a dataset. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { DecisionView, EvalView, JudgeRunView, SpanEventView, SpanTreeNode, TraceView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** One timeline entry: a span start/end or a stored event. */
export interface TimelineEntry {
  time: string;
  kind: 'span_start' | 'span_end' | 'event' | string;
  span_id: string | null;
  name: string | null;
  event_type: string | null;
  payload?: unknown;
  event_id?: string;
}

/** One amendment with the span view before and after it. */
export interface AmendmentEntry {
  span_id: string;
  event_id: string;
  event_time: string;
  patch: Record<string, unknown>;
  idempotency_key: string | null;
  original: Record<string, unknown>;
  merged: Record<string, unknown>;
}

/** `GET /traces/{id}` answer. */
export interface TraceDetail {
  trace: TraceView;
  spans: SpanTreeNode[];
  span_count: number;
  timeline: TimelineEntry[];
  evals: EvalView[];
  amendments: AmendmentEntry[];
  decisions: DecisionView[];
  judge_runs: JudgeRunView[];
  has_open_spans: boolean;
  completion_rate: number;
}

export type { SpanEventView };

/** The trace with everything the detail page shows. */
export function useTraceDetail(traceId: string) {
  return useQuery({
    queryKey: ['traces', 'detail', traceId],
    queryFn: ({ signal }) => apiFetch<TraceDetail>(`/traces/${encodeURIComponent(traceId)}`, { signal }),
  });
}

/** Names of the project's datasets (for "add to dataset"). */
export function useDatasetNames() {
  return useQuery({
    queryKey: ['datasets', 'names'],
    queryFn: () => apiFetch<{ items: Array<{ name: string }> }>('/datasets'),
    select: (d) => d.items.map((i) => i.name),
  });
}

/** `POST /datasets/{name}/items/from-trace`: the trace's (or a span's) input and output become an item. */
export function useAddToDataset() {
  return useMutation({
    mutationFn: (v: { dataset: string; trace_id: string; span_id?: string; expected_output?: unknown }) =>
      apiFetch<{ created: boolean; item_id: string; message: string }>(`/datasets/${encodeURIComponent(v.dataset)}/items/from-trace`, {
        method: 'POST',
        body: { trace_id: v.trace_id, span_id: v.span_id, ...(v.expected_output !== undefined ? { expected_output: v.expected_output } : {}) },
      }),
  });
}
