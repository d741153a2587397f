/** Top miss-queries: `GET /miss-queries`. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MissQueries } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** The groups of the last `lastHours` hours. */
export function useMissQueries(lastHours: number) {
  return useQuery({
    queryKey: ['miss-queries', lastHours],
    queryFn: ({ signal }) => apiFetch<MissQueries>('/miss-queries', { query: { last_hours: lastHours }, signal }),
    placeholderData: keepPreviousData,
  });
}
