/** Settings data: API keys of the project (`/admin/keys`), users (`/users`) and projects (`/admin/projects`). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../shared/api/http-client';
import type { UserView } from '../auth';

/** An API key as listed (never the key itself). */
export interface ApiKeyView {
  key_id: string;
  name: string;
  key_prefix: string;
  scopes: string[];
  created_at: string;
  revoked_at: string | null;
}

/** The project's API keys. */
export function useApiKeys(enabled: boolean) {
  return useQuery({ queryKey: ['settings', 'keys'], queryFn: () => apiFetch<{ items: ApiKeyView[] }>('/admin/keys'), enabled });
}

/** Creates a key; the answer carries the raw key once. */
export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: string[] }) => apiFetch<ApiKeyView & { key: string }>('/admin/keys', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['settings', 'keys'] }),
  });
}

/** Revokes a key. */
export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => apiFetch(`/admin/keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['settings', 'keys'] }),
  });
}

/** Every UI user. */
export function useUsers(enabled: boolean) {
  return useQuery({ queryKey: ['settings', 'users'], queryFn: () => apiFetch<{ items: UserView[] }>('/users'), enabled });
}

/** Creates, changes or deletes a user. */
export function useUserMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['settings', 'users'] });
  return {
    create: useMutation({
      mutationFn: (body: { username: string; password: string; role: string }) => apiFetch<UserView>('/users', { method: 'POST', body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ userId, ...body }: { userId: string; role?: string; password?: string }) =>
        apiFetch<UserView>(`/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => apiFetch(`/users/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
      onSuccess: done,
    }),
  };
}

/** Creates a project (with its first admin key, shown once). */
export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiFetch<{ project: { project_id: string; name: string }; api_key: { key: string } }>('/admin/projects', { method: 'POST', body: { name } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['auth', 'me'] }),
  });
}
