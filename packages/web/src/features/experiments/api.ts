/** Experiments: runs, one run with its items, and the comparison of two runs. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ExperimentComparison, ExperimentDetail, ExperimentListResponse } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** Runs, newest first. */
export function useExperiments(page: number) {
  return useQuery({
    queryKey: ['experiments', 'list', page],
    queryFn: () => apiFetch<ExperimentListResponse>('/experiments', { query: { page, page_size: 50 } }),
    placeholderData: keepPreviousData,
  });
}

/** One run with its items. */
export function useExperiment(runId: string) {
  return useQuery({
    queryKey: ['experiments', 'detail', runId],
    queryFn: () => apiFetch<ExperimentDetail>(`/experiments/${encodeURIComponent(runId)}`),
  });
}

/** Run B compared with run A (baseline). */
export function useComparison(a: string, b: string) {
  return useQuery({
    queryKey: ['experiments', 'compare', a, b],
    queryFn: () => apiFetch<ExperimentComparison>('/experiments/compare', { query: { a, b } }),
    enabled: !!a && !!b,
  });
}
