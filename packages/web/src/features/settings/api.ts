/**
 * Settings data: API keys of the project (`/admin/keys`), its members
 * (`/admin/projects/{id}/members`), and for instance administrators users (`/users`) and projects
 * (`/admin/projects`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../shared/api/http-client';
import type { ProjectRole, UserView } from '../auth';

/** An API key as listed (never the key itself); a Langfuse-style key also has its `pk-lf-…` public key. */
export interface ApiKeyView {
  key_id: string;
  name: string;
  key_prefix: string;
  public_key?: string;
  scopes: string[];
  created_at: string;
  revoked_at: string | null;
}

/** A user as instance administrators list them, with their memberships. */
export interface AdminUserView extends UserView {
  projects: Array<{ project_id: string; role: ProjectRole }>;
}

/** A project as instance administrators list them. */
export interface AdminProjectView {
  project_id: string;
  name: string;
  created_at: string;
}

/** A member of a project. */
export interface MemberView {
  user_id: string;
  username: string;
  role: ProjectRole;
  created_at: string;
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/** The project's API keys. */
export function useApiKeys(enabled: boolean) {
  return useQuery({ queryKey: ['settings', 'keys'], queryFn: () => apiFetch<{ items: ApiKeyView[] }>('/admin/keys'), enabled });
}

/** Creates a key (`format: 'langfuse'` for a `pk-lf-…`/`sk-lf-…` pair); the answer carries the raw key once. */
export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: string[]; format: 'tracehub' | 'langfuse' }) =>
      apiFetch<ApiKeyView & { key: string; secret_key?: string }>('/admin/keys', { method: 'POST', body }),
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

/** Every UI user (instance administrators). */
export function useUsers(enabled: boolean) {
  return useQuery({ queryKey: ['settings', 'users'], queryFn: () => apiFetch<{ items: AdminUserView[] }>('/users'), enabled });
}

/** Every project (instance administrators). */
export function useAdminProjects(enabled: boolean) {
  return useQuery({ queryKey: ['settings', 'projects'], queryFn: () => apiFetch<{ items: AdminProjectView[] }>('/admin/projects'), enabled });
}

/** Creates, changes or deletes a user. */
export function useUserMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['settings', 'users'] });
  return {
    create: useMutation({
      mutationFn: (body: { username: string; password: string; instance_admin: boolean; memberships: Array<{ project_id: string; role: string }> }) =>
        apiFetch<AdminUserView>('/users', { method: 'POST', body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ userId, ...body }: { userId: string; instance_admin?: boolean; password?: string }) =>
        apiFetch<AdminUserView>(`/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body }),
      onSuccess: async () => {
        await done();
        await client.invalidateQueries({ queryKey: ['auth', 'me'] });
      },
    }),
    remove: useMutation({
      mutationFn: (userId: string) => apiFetch(`/users/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
      onSuccess: done,
    }),
  };
}

/** The members of a project (its admins and instance administrators). */
export function useMembers(projectId: string | null) {
  return useQuery({
    queryKey: ['settings', 'members', projectId],
    queryFn: () => apiFetch<{ items: MemberView[] }>(`/admin/projects/${path(projectId ?? '')}/members`),
    enabled: Boolean(projectId),
  });
}

/** Adds (by username), changes or removes members of a project. */
export function useMemberMutations() {
  const client = useQueryClient();
  const done = async () => {
    await client.invalidateQueries({ queryKey: ['settings'] });
    await client.invalidateQueries({ queryKey: ['auth', 'me'] });
  };
  return {
    add: useMutation({
      mutationFn: ({ projectId, ...body }: { projectId: string; username: string; role: string }) =>
        apiFetch<MemberView>(`/admin/projects/${path(projectId)}/members`, { method: 'POST', body }),
      onSuccess: done,
    }),
    set: useMutation({
      mutationFn: ({ projectId, userId, role }: { projectId: string; userId: string; role: string }) =>
        apiFetch<MemberView>(`/admin/projects/${path(projectId, 'members', userId)}`, { method: 'PUT', body: { role } }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: ({ projectId, userId }: { projectId: string; userId: string }) =>
        apiFetch(`/admin/projects/${path(projectId, 'members', userId)}`, { method: 'DELETE' }),
      onSuccess: done,
    }),
  };
}

/** Creates a project (with its first admin key, shown once); the creator becomes its admin member. */
export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiFetch<{ project: { project_id: string; name: string }; api_key: { key: string } }>('/admin/projects', { method: 'POST', body: { name } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['settings', 'projects'] });
      await client.invalidateQueries({ queryKey: ['auth', 'me'] });
    },
  });
}
