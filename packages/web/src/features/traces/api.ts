/** Trace list data: `GET /traces` with filters, search, sort and pagination. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TraceView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';
import { toApiQuery, type TraceListParams } from './list-params';

/** `GET /traces` answer. */
export interface TracePage {
  items: TraceView[];
  page: number;
  page_size: number;
  total: number;
}

/** One page of traces; the previous page stays on screen while the next loads. */
export function useTraceList(params: TraceListParams) {
  const query = toApiQuery(params);
  return useQuery({
    queryKey: ['traces', 'list', query],
    queryFn: ({ signal }) => apiFetch<TracePage>('/traces', { query, signal }),
    placeholderData: keepPreviousData,
  });
}
