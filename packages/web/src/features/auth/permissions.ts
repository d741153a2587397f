/** What the signed-in user may do, from their scopes: viewers only read, members also write data, admins manage. */
import { useMe } from './api';

/** Permissions for hiding controls (the API enforces them anyway). */
export interface Permissions {
  canWrite: boolean;
  isAdmin: boolean;
}

/** React hook: the current user's permissions (nothing while loading). */
export function usePermissions(): Permissions {
  const { data } = useMe();
  const scopes = data?.scopes ?? [];
  return { canWrite: scopes.includes('ingest') || scopes.includes('admin'), isAdmin: scopes.includes('admin') };
}
