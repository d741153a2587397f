/** Sign-in API: who am I, sign in, sign out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../shared/api/http-client';

/** A role inside one project. */
export type ProjectRole = 'admin' | 'member' | 'viewer';

/** A UI user as the API shows it. */
export interface UserView {
  user_id: string;
  username: string;
  /** Manages users and projects of the whole instance (not a data permission). */
  instance_admin: boolean;
  default_project_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A project as /auth/me lists it: only the caller's projects, with the caller's role (null for an API key). */
export interface ProjectView {
  project_id: string;
  name: string;
  role: ProjectRole | null;
  created_at: string;
}

/** `GET /auth/me`. */
export interface Me {
  user: UserView | null;
  auth: 'session' | 'api_key';
  scopes: Array<'read' | 'ingest' | 'admin'>;
  /** The current project; null when the user belongs to no project. */
  project_id: string | null;
  /** The user's role in the current project. */
  project_role: ProjectRole | null;
  projects: ProjectView[];
  csrf_token: string | null;
}

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
