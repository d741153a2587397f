/** A/B tests: definitions, creation and results (docs/ab-tests.md). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AbResultsView, AbTestView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** What the create form sends (`POST /ab-tests`). */
export interface AbTestInput {
  name: string;
  unit: 'session_id' | 'user_id';
  variants: { key: string; weight: number; model?: string; endpoint?: string; prompt_label?: string }[];
  primary_metric: string;
  guardrail_metrics: string[];
}

/** The project's tests, newest first. */
export function useAbTests() {
  return useQuery({ queryKey: ['ab-tests'], queryFn: ({ signal }) => apiFetch<{ tests: AbTestView[] }>('/ab-tests', { signal }) });
}

/** One test's results (refreshed every minute while shown). */
export function useAbResults(testId: string | null) {
  return useQuery({
    queryKey: ['ab-tests', 'results', testId],
    queryFn: ({ signal }) => apiFetch<AbResultsView>(`/ab-tests/${encodeURIComponent(testId ?? '')}/results`, { signal }),
    enabled: testId !== null,
    refetchInterval: 60_000,
  });
}

/** Creates a test. */
export function useCreateAbTest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AbTestInput) => apiFetch<AbTestView>('/ab-tests', { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['ab-tests'] }),
  });
}
