/** Dashboard data: `GET /traces/stats/overview?last_hours=N&environment=…&name=…&include_experiments=…`. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { StatsOverview } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** What the dashboard counts: the last `hours`, one environment and trace name, experiments or not. */
export interface OverviewQuery {
  hours: number;
  environment?: string;
  name?: string;
  includeExperiments: boolean;
}

/** The overview (refreshed every 30 seconds). */
export function useOverview(q: OverviewQuery) {
  return useQuery({
    queryKey: ['stats', 'overview', q.hours, q.environment ?? '', q.name ?? '', q.includeExperiments],
    queryFn: ({ signal }) =>
      apiFetch<StatsOverview>('/traces/stats/overview', {
        query: { last_hours: q.hours, environment: q.environment, name: q.name, include_experiments: q.includeExperiments ? 'true' : undefined },
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
