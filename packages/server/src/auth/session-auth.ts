/**
 * Cookie authentication for the web UI: a valid session cookie yields the same `request.auth` as an
 * API key. The project comes from `x-tracehub-project` or the user's default, and must be one the
 * user is a member of; the scopes come from the membership role in that project. Changes need the
 * CSRF token, and read-only members (viewers, or users without a project) change nothing.
 */
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { ForbiddenError } from '../domain-errors.js';
import type { UserRow } from '../storage/user-store.js';
import type { MemberProjectRow, ProjectRole } from '../storage/membership-store.js';
import type { AuthContext } from './auth-service.js';
import { checkCsrf, isSafeMethod } from './csrf.js';
import type { MembershipService } from './membership-service.js';
import { SESSION_COOKIE, hashSessionToken, type SessionService } from './session-service.js';
import { roleScopes } from './user-service.js';

/** The header naming the project a cookie-authenticated request works on. */
export const PROJECT_HEADER = 'x-tracehub-project';

/** The signed-in person behind a cookie-authenticated request. */
export interface SessionUser {
  user: UserRow;
  /** SHA-256 of the session token (to end or keep this session). */
  sessionHash: string;
  csrfToken: string;
  /** The projects the user is a member of, with the role in each. */
  projects: MemberProjectRow[];
  /** The role in the request's project; null when the user belongs to no project. */
  projectRole: ProjectRole | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request was authenticated by a session cookie. */
    session?: SessionUser;
  }
}

// POST routes that change nothing, which viewers may call.
const VIEWER_POSTS = [/^\/api\/v1\/auth\/logout$/, /^\/api\/v1\/prompts\/[^/]+\/render$/];
// Routes that authorise by instance administration or by the role in the project named in the path.
const SELF_AUTHORISED = [/^\/api\/v1\/users(\/|$)/, /^\/api\/v1\/admin\/projects(\/|$)/];
// Where a stale project choice falls back to the default instead of failing, so the UI can recover.
const LENIENT_PROJECT = new Set(['/api/v1/auth/me']);

/** Resolves cookie sessions to an auth context. */
export type SessionAuthenticator = (request: FastifyRequest) => Promise<AuthContext | null>;

/**
 * The project a session works on: the requested one, else the user's default, else the first one the
 * user belongs to; null when the user belongs to none. A requested project the user does not belong
 * to is a 403 that says nothing about whether it exists (unless `lenient`, which falls back).
 */
export function chooseProject(user: UserRow, projects: MemberProjectRow[], requested?: string, lenient = false): MemberProjectRow | null {
  if (requested) {
    const found = projects.find((p) => p.project_id === requested);
    if (found) return found;
    if (!lenient) {
      throw new ForbiddenError(`You are not a member of project "${requested.slice(0, 64)}"; pick one of your projects from GET /api/v1/auth/me.`, {
        code: 'project_forbidden',
      });
    }
  }
  return projects.find((p) => p.project_id === user.default_project_id) ?? projects[0] ?? null;
}

/** Creates the authenticator the auth hook calls when a request carries no API key. */
export function createSessionAuthenticator(sessions: SessionService, memberships: MembershipService): SessionAuthenticator {
  return async (request) => {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const found = await sessions.resolve(token);
    if (!found) return null;
    const { user, session } = found;
    checkCsrf(request, session.csrf_token);
    const path = request.url.split('?')[0];
    const projects = await memberships.projectsOf(user.user_id);
    const header = request.headers[PROJECT_HEADER];
    const project = chooseProject(user, projects, typeof header === 'string' && header ? header : undefined, LENIENT_PROJECT.has(path));
    const role = project?.role ?? null;
    const readOnly = role === null || role === 'viewer';
    if (readOnly && !isSafeMethod(request.method) && !VIEWER_POSTS.some((p) => p.test(path)) && !SELF_AUTHORISED.some((p) => p.test(path))) {
      throw new ForbiddenError(role ? 'Viewers can look but not change anything; ask a project admin for the member role.' : 'You are not a member of any project; ask an instance administrator to add you.');
    }
    request.session = { user, sessionHash: hashSessionToken(token), csrfToken: session.csrf_token, projects, projectRole: role };
    return { projectId: project?.project_id ?? '', keyId: `user:${user.username}`, scopes: roleScopes(role) };
  };
}
