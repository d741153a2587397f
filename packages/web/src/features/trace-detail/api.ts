/** Trace detail data: `GET /traces/{id}`, and adding a trace or span to a dataset. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { DatasetListResponse, ItemFromTraceResult, TraceDetail } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

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
    queryFn: () => apiFetch<DatasetListResponse>('/datasets'),
    select: (d) => d.items.map((i) => i.name),
  });
}

/** `POST /datasets/{name}/items/from-trace`: the trace's (or a span's) input and output become an item. */
export function useAddToDataset() {
  return useMutation({
    mutationFn: (v: { dataset: string; trace_id: string; span_id?: string; expected_output?: unknown }) =>
      apiFetch<ItemFromTraceResult>(`/datasets/${encodeURIComponent(v.dataset)}/items/from-trace`, {
        method: 'POST',
        body: { trace_id: v.trace_id, span_id: v.span_id, ...(v.expected_output !== undefined ? { expected_output: v.expected_output } : {}) },
      }),
  });
}
