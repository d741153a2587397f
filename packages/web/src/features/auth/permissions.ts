/**
 * What the signed-in user may do: in the current project from their membership role (viewers only
 * read, members also write data, admins manage the project), and instance administration from the flag.
 */
import { useMe } from './api';

/** Permissions for hiding controls (the API enforces them anyway). */
export interface Permissions {
  canWrite: boolean;
  /** Admin of the current project: API keys and members. */
  isAdmin: boolean;
  /** Instance administrator: users and projects. */
  isInstanceAdmin: boolean;
}

/** React hook: the current user's permissions (nothing while loading). */
export function usePermissions(): Permissions {
  const { data } = useMe();
  const scopes = data?.scopes ?? [];
  return {
    canWrite: scopes.includes('ingest') || scopes.includes('admin'),
    isAdmin: scopes.includes('admin'),
    isInstanceAdmin: data?.user?.instance_admin ?? false,
  };
}
