/** Sessions (conversations): `GET /sessions` and `GET /sessions/{id}`. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SessionDetail, SessionListResponse } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** Sessions, newest first. */
export function useSessions(query: { search?: string; user_id?: string; page: number }) {
  return useQuery({
    queryKey: ['sessions', 'list', query],
    queryFn: ({ signal }) => apiFetch<SessionListResponse>('/sessions', { query: { ...query, page_size: 20 }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** One session. */
export function useSession(sessionId: string) {
  return useQuery({
    queryKey: ['sessions', 'detail', sessionId],
    queryFn: ({ signal }) => apiFetch<SessionDetail>(`/sessions/${encodeURIComponent(sessionId)}`, { signal }),
  });
}
