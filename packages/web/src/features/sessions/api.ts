/** Sessions (conversations): `GET /sessions` and `GET /sessions/{id}`. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SessionView, TraceView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** A page of sessions. */
export interface SessionPage {
  items: SessionView[];
  page: number;
  page_size: number;
  total: number;
}

/** One session with its traces in order. */
export interface SessionDetail {
  session_id: string;
  trace_count: number;
  first_time: string;
  last_time: string;
  user_ids: string[];
  total_tokens: number;
  cost: number;
  traces: TraceView[];
}

/** Sessions, newest first. */
export function useSessions(query: { search?: string; user_id?: string; page: number }) {
  return useQuery({
    queryKey: ['sessions', 'list', query],
    queryFn: ({ signal }) => apiFetch<SessionPage>('/sessions', { query: { ...query, page_size: 20 }, signal }),
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
