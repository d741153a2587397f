/** Renders its children only for a signed-in user; otherwise sends the browser to /login?next=…. */
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, onUnauthorized } from '../../../shared/api/http-client';
import { setSelectedProject } from '../../../shared/api/project-selection';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { ME_KEY, useMe } from '../api';

/** The guard around every page but the sign-in page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const client = useQueryClient();
  const me = useMe();
  // Any 401 (session expired, password changed elsewhere) re-checks the session.
  useEffect(() => onUnauthorized(() => void client.invalidateQueries({ queryKey: ME_KEY })), [client]);
  // A remembered project that no longer exists falls back to the server's default.
  useEffect(() => {
    const stored = localStorage.getItem('tracehub.project');
    if (me.data && stored && !me.data.projects.some((p) => p.project_id === stored)) setSelectedProject(null);
  }, [me.data]);

  if (me.isPending) return <Loading />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.error) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return <>{children}</>;
}
