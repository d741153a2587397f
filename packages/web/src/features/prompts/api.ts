/** Prompt registry: list, versions, diff, label moves (promote). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PromptDiff, PromptListResponse, PromptVersionList, PromptVersionView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** Every prompt with its labels. */
export function usePrompts() {
  return useQuery({ queryKey: ['prompts', 'list'], queryFn: () => apiFetch<PromptListResponse>('/prompts') });
}

/** A prompt's versions (nothing is fetched for an empty name). */
export function usePromptVersions(name: string) {
  return useQuery({
    queryKey: ['prompts', 'versions', name],
    queryFn: () => apiFetch<PromptVersionList>(`/prompts/${encodeURIComponent(name)}/versions`),
    enabled: name !== '',
  });
}

/** The diff between two versions (null when either is missing). */
export function usePromptDiff(name: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['prompts', 'diff', name, from, to],
    queryFn: () => apiFetch<PromptDiff>(`/prompts/${encodeURIComponent(name)}/diff`, { query: { from: String(from), to: String(to) } }),
    enabled: from != null && to != null && from !== to,
  });
}

/** Moves labels onto a version, or removes a label. */
export function useLabelMutations(name: string) {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['prompts'] });
  return {
    promote: useMutation({
      mutationFn: ({ version, label }: { version: number; label: string }) =>
        apiFetch<PromptVersionView>(`/prompts/${encodeURIComponent(name)}/versions/${version}/labels`, { method: 'POST', body: { labels: [label] } }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (label: string) => apiFetch(`/prompts/${encodeURIComponent(name)}/labels/${encodeURIComponent(label)}`, { method: 'DELETE' }),
      onSuccess: done,
    }),
  };
}
