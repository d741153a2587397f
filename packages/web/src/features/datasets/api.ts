/** Datasets: list, versions, items at a version, editing expected values, removing items. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DatasetDetail, DatasetItemView, DatasetListResponse, DatasetVersionList } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** Every dataset. */
export function useDatasets() {
  return useQuery({ queryKey: ['datasets', 'list'], queryFn: () => apiFetch<DatasetListResponse>('/datasets') });
}

/** A dataset at `version` (default the latest) with its items. */
export function useDataset(name: string, version?: number) {
  return useQuery({
    queryKey: ['datasets', 'detail', name, version ?? 'latest'],
    queryFn: () =>
      apiFetch<DatasetDetail>(`/datasets/${encodeURIComponent(name)}`, { query: { version } }),
    placeholderData: keepPreviousData,
  });
}

/** A dataset's versions. */
export function useDatasetVersions(name: string) {
  return useQuery({
    queryKey: ['datasets', 'versions', name],
    queryFn: () => apiFetch<DatasetVersionList>(`/datasets/${encodeURIComponent(name)}/versions`),
  });
}

/** Saves a changed item (a new version) or removes one. */
export function useItemMutations(name: string) {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['datasets'] });
  return {
    save: useMutation({
      // `message` is the version's note, written in the editor's language.
      mutationFn: ({ item, message }: { item: DatasetItemView; message: string }) =>
        apiFetch(`/datasets/${encodeURIComponent(name)}/items`, {
          method: 'POST',
          body: {
            mode: 'merge',
            message,
            items: [
              {
                id: item.id,
                input: item.input,
                expected_output: item.expected_output,
                metadata: item.metadata,
                source_trace_id: item.source_trace_id,
                source_span_id: item.source_span_id,
                status: item.status,
              },
            ],
          },
        }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (itemId: string) => apiFetch(`/datasets/${encodeURIComponent(name)}/items/${encodeURIComponent(itemId)}`, { method: 'DELETE' }),
      onSuccess: done,
    }),
  };
}
