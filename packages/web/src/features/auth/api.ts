/** Sign-in API: who am I, sign in, sign out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuthMe as Me, UserView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** The answers of `/auth/me` come from core: the current user, their projects and roles. */
export type { AuthMe as Me, MemberProjectView as ProjectView, ProjectRole, UserView } from '@tracehub/core';

/** Query key of the signed-in user. */
export const ME_KEY = ['auth', 'me'] as const;

/** The signed-in user (an ApiError with status 401 when signed out). */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: () => apiFetch<Me>('/auth/me'), retry: false, staleTime: 60_000 });
}

/** Signs in; on success the user query is refreshed. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => apiFetch<{ user: UserView }>('/auth/login', { method: 'POST', body }),
    onSuccess: async () => {
      client.clear();
      await client.fetchQuery({ queryKey: ME_KEY, queryFn: () => apiFetch<Me>('/auth/me') });
    },
  });
}

/** Signs out and forgets every cached answer. */
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ signed_out: boolean }>('/auth/logout', { method: 'POST' }).catch(() => ({ signed_out: true })),
    onSettled: () => client.clear(),
  });
}
