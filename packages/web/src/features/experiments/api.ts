/** Experiments: runs, one run with its items, and the comparison of two runs or several. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ArtifactList, ComparisonMatrix, ExperimentComparison, ExperimentDetail, ExperimentListResponse } from '@tracehub/core';
import { ApiError, apiFetch } from '../../shared/api/http-client';
import { getSelectedProject } from '../../shared/api/project-selection';

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

/** Several runs against a baseline (default the first): the prompts × models matrix. */
export function useMatrix(runs: string[], baseline: string | null) {
  return useQuery({
    queryKey: ['experiments', 'matrix', runs, baseline],
    queryFn: () => apiFetch<ComparisonMatrix>('/experiments/matrix', { query: { runs: runs.join(','), ...(baseline ? { baseline } : {}) } }),
    enabled: runs.length >= 2,
  });
}

const artifactsPath = (runId: string) => `/experiments/${encodeURIComponent(runId)}/artifacts`;

/** The run's artifacts (its uploaded results folder). */
export function useArtifacts(runId: string) {
  return useQuery({
    queryKey: ['experiments', 'artifacts', runId],
    queryFn: () => apiFetch<ArtifactList>(artifactsPath(runId)),
  });
}

/** One artifact's bytes (with the selected project, as apiFetch sends it). */
export async function fetchArtifact(runId: string, file: string): Promise<Blob> {
  const project = getSelectedProject();
  let response: Response;
  try {
    response = await fetch(`/api/v1${artifactsPath(runId)}/${file.split('/').map(encodeURIComponent).join('/')}`, {
      credentials: 'same-origin',
      headers: project ? { 'x-tracehub-project': project } : {},
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server cannot be reached.');
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(response.status, answer.error ?? 'http_error', answer.message ?? `HTTP ${response.status}`);
  }
  return response.blob();
}

/** A text artifact's content (report.md), fetched when `enabled`. */
export function useArtifactText(runId: string, file: string, enabled: boolean) {
  return useQuery({
    queryKey: ['experiments', 'artifact', runId, file],
    queryFn: async () => (await fetchArtifact(runId, file)).text(),
    enabled,
  });
}
