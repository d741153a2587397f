/** Custom dashboards: `/dashboards` (saved per project), their data, and the application metric catalogue. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DashboardBody, DashboardDataResponse, DashboardView, MetricCatalogResponse } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** What the forms send (widgets as the API takes them). */
export type DashboardInput = Omit<DashboardBody, 'widgets'> & { widgets: DashboardBody['widgets'] };

/** The project's dashboards. */
export function useDashboards() {
  return useQuery({
    queryKey: ['dashboards', 'list'],
    queryFn: ({ signal }) => apiFetch<{ items: DashboardView[] }>('/dashboards', { signal }),
  });
}

/** One dashboard. */
export function useDashboard(id: string) {
  return useQuery({
    queryKey: ['dashboards', 'one', id],
    queryFn: ({ signal }) => apiFetch<DashboardView>(`/dashboards/${encodeURIComponent(id)}`, { signal }),
  });
}

/** Every widget's data over the last `lastHours` hours. */
export function useDashboardData(id: string, lastHours: number, version: string) {
  return useQuery({
    queryKey: ['dashboards', 'data', id, lastHours, version],
    queryFn: ({ signal }) => apiFetch<DashboardDataResponse>(`/dashboards/${encodeURIComponent(id)}/data`, { query: { last_hours: lastHours }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Known application metric series (for the metric name suggestions). */
export function useMetricCatalog() {
  return useQuery({
    queryKey: ['app-metrics', 'catalog'],
    queryFn: ({ signal }) => apiFetch<MetricCatalogResponse>('/metrics', { signal }),
  });
}

/** Create, replace and delete dashboards. */
export function useDashboardMutations() {
  const client = useQueryClient();
  const onSuccess = () => void client.invalidateQueries({ queryKey: ['dashboards'] });
  return {
    create: useMutation({ mutationFn: (body: DashboardInput) => apiFetch<DashboardView>('/dashboards', { method: 'POST', body }), onSuccess }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: DashboardInput }) => apiFetch<DashboardView>(`/dashboards/${encodeURIComponent(id)}`, { method: 'PUT', body }),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => apiFetch<null>(`/dashboards/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSuccess }),
  };
}
