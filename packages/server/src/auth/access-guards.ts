/**
 * Who may administer what. Instance administration (users, projects, any project's members) needs a
 * signed-in instance administrator; a project's members may also be managed by that project's admin
 * members. API keys belong to one project and never pass these guards.
 */
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../domain-errors.js';
import type { UserRow } from '../storage/user-store.js';

const KEY_REFUSED =
  'API keys belong to one project and cannot manage users, projects or members; sign in as an instance administrator or run `tracehub admin` on the server machine.';

/** The signed-in instance administrator behind the request, or a 401/403. */
export function requireInstanceAdmin(request: FastifyRequest): UserRow {
  if (!request.auth) throw new UnauthorizedError('Sign in first.');
  const session = request.session;
  if (!session) throw new ForbiddenError(KEY_REFUSED);
  if (!session.user.instance_admin) throw new ForbiddenError('Only instance administrators manage users and projects.');
  return session.user;
}

/**
 * The signed-in user allowed to manage the members of `projectId`: an instance administrator, or an
 * admin member of that project. Everyone else gets the same 403 whether or not the project exists.
 */
export function requireProjectAdmin(request: FastifyRequest, projectId: string): { user: UserRow; instanceAdmin: boolean } {
  if (!request.auth) throw new UnauthorizedError('Sign in first.');
  const session = request.session;
  if (!session) throw new ForbiddenError(KEY_REFUSED);
  if (session.user.instance_admin) return { user: session.user, instanceAdmin: true };
  if (session.projects.some((p) => p.project_id === projectId && p.role === 'admin')) return { user: session.user, instanceAdmin: false };
  throw new ForbiddenError('Only instance administrators and admins of this project manage its members.');
}
