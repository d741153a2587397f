/** Cases opened by ESCALATE decisions: list, detail, acknowledge, resolve. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail, CaseListResponse } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** Cases, newest first, optionally of one status. */
export function useCases(status: string | undefined, page: number) {
  return useQuery({
    queryKey: ['cases', 'list', status ?? '', page],
    queryFn: ({ signal }) => apiFetch<CaseListResponse>('/cases', { query: { status, page, page_size: 20 }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** One case. */
export function useCase(caseId: string) {
  return useQuery({ queryKey: ['cases', 'detail', caseId], queryFn: () => apiFetch<CaseDetail>(`/cases/${encodeURIComponent(caseId)}`) });
}

/** Acknowledges or resolves a case (with an optional note, signed with the user's name). */
export function useCaseTransition(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, note, by }: { action: 'ack' | 'resolve'; note?: string; by?: string }) =>
      apiFetch<CaseDetail>(`/cases/${encodeURIComponent(caseId)}/${action}`, {
        method: 'POST',
        body: { ...(note ? { note } : {}), ...(by ? { by } : {}) },
      }),
    onSuccess: (data) => {
      client.setQueryData(['cases', 'detail', caseId], data);
      void client.invalidateQueries({ queryKey: ['cases', 'list'] });
      void client.invalidateQueries({ queryKey: ['traces'] });
    },
  });
}
