/** Retention of the current project (`/admin/retention`) and the server's disk use (`/admin/storage`); docs/retention.md. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../shared/api/http-client';

/** The project's retention; null days: kept forever (artifacts: the server default). */
export interface RetentionView {
  trace_days: number | null;
  artifact_days: number | null;
  default_artifact_days: number;
  updated_at: string | null;
}

/** Disk use of the database and the data volume. */
export interface StorageView {
  database_bytes: number | null;
  data_volume_used_percent: number | null;
}

export function useRetention() {
  return useQuery({ queryKey: ['settings', 'retention'], queryFn: () => apiFetch<RetentionView>('/admin/retention') });
}

export function useStorage() {
  return useQuery({ queryKey: ['settings', 'storage'], queryFn: () => apiFetch<StorageView>('/admin/storage') });
}

export function useSaveRetention() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { trace_days: number | null; artifact_days: number | null }) => apiFetch<RetentionView>('/admin/retention', { method: 'PUT', body }),
    onSuccess: (data) => client.setQueryData(['settings', 'retention'], data),
  });
}
