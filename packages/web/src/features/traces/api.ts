/** Trace list data: `GET /traces` with filters, search, sort and pagination. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TraceListResponse } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';
import { toApiQuery, type TraceListParams } from './list-params';


/** One page of traces; the previous page stays on screen while the next loads. */
export function useTraceList(params: TraceListParams) {
  const query = toApiQuery(params);
  return useQuery({
    queryKey: ['traces', 'list', query],
    queryFn: ({ signal }) => apiFetch<TraceListResponse>('/traces', { query, signal }),
    placeholderData: keepPreviousData,
  });
}
