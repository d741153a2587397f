/**
 * Cookie authentication for the web UI: a valid session cookie yields the same `request.auth` as an
 * API key (project from `x-tracehub-project` or the user's default, scopes from the role), after the
 * CSRF check on changes and the viewer rule (viewers change nothing).
 */
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { HttpError } from '../http-errors.js';
import type { ProjectStore } from '../storage/store.js';
import type { UserRow } from '../storage/user-store.js';
import type { AuthContext } from './auth-service.js';
import { checkCsrf, isSafeMethod } from './csrf.js';
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
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request was authenticated by a session cookie. */
    session?: SessionUser;
  }
}

// POST routes that change nothing, which viewers may call.
const VIEWER_POSTS = [/^\/api\/v1\/auth\/logout$/, /^\/api\/v1\/prompts\/[^/]+\/render$/];

/** Resolves cookie sessions to an auth context. */
export type SessionAuthenticator = (request: FastifyRequest) => Promise<AuthContext | null>;

/** The project a session works on: the header's, else the user's default, else the first project. */
export async function resolveProject(projects: ProjectStore, user: UserRow, requested?: string): Promise<string> {
  if (requested) {
    const project = await projects.getProject(requested);
    if (!project) throw new HttpError(400, 'unknown_project', `Project "${requested}" does not exist; pick one from GET /api/v1/auth/me.`);
    return project.project_id;
  }
  if (user.default_project_id && (await projects.getProject(user.default_project_id))) return user.default_project_id;
  const first = (await projects.listProjects())[0];
  if (!first) throw new HttpError(409, 'no_project', 'No project exists yet; create one with POST /api/v1/admin/projects.');
  return first.project_id;
}

/** Creates the authenticator the auth hook calls when a request carries no API key. */
export function createSessionAuthenticator(sessions: SessionService, projects: ProjectStore): SessionAuthenticator {
  return async (request) => {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const found = await sessions.resolve(token);
    if (!found) return null;
    const { user, session } = found;
    checkCsrf(request, session.csrf_token);
    const path = request.url.split('?')[0];
    if (user.role === 'viewer' && !isSafeMethod(request.method) && !VIEWER_POSTS.some((p) => p.test(path))) {
      throw new HttpError(403, 'forbidden', 'Viewers can look but not change anything; ask an admin for the member role.');
    }
    request.session = { user, sessionHash: hashSessionToken(token), csrfToken: session.csrf_token };
    const header = request.headers[PROJECT_HEADER];
    const projectId = await resolveProject(projects, user, typeof header === 'string' && header ? header : undefined);
    return { projectId, keyId: `user:${user.username}`, scopes: roleScopes(user.role) };
  };
}
