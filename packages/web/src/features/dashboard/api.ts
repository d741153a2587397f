/** Dashboard data: `GET /traces/stats/overview?last_hours=N`. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { StatsOverview } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** The overview over the last `lastHours` hours (refreshed every 30 seconds). */
export function useOverview(lastHours: number, environment?: string) {
  return useQuery({
    queryKey: ['stats', 'overview', lastHours, environment ?? ''],
    queryFn: ({ signal }) => apiFetch<StatsOverview>('/traces/stats/overview', { query: { last_hours: lastHours, environment }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
