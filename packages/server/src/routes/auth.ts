/** Web UI sign-in: `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { microsToIso } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { BusyError, RateLimitedError, UnauthorizedError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { CSRF_COOKIE, SESSION_COOKIE, SESSION_TTL_SECONDS } from '../auth/session-service.js';
import { roleScopes, userView } from '../auth/user-service.js';
import { memberProjectView } from '../auth/membership-service.js';
import { chooseProject } from '../auth/session-auth.js';
import { createLoginThrottle } from '../auth/login-throttle.js';
import { isSecureCookieRequest, type SecureCookiesMode } from '../security-headers.js';

const loginBody = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) });

function setSessionCookies(request: FastifyRequest, reply: FastifyReply, token: string, csrfToken: string, mode?: SecureCookiesMode): void {
  const secure = isSecureCookieRequest(request, mode);
  const common = { path: '/', sameSite: 'lax' as const, secure, maxAge: SESSION_TTL_SECONDS };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

/** Sign-in routes. `secureCookies` (default auto) decides whether the cookies are `Secure`. */
export function authRoutes({ users, userSessions: sessions, projects, memberships }: AppServices, options: { secureCookies?: SecureCookiesMode } = {}): FastifyPluginAsync {
  const throttle = createLoginThrottle();
  // An API key sees only its own project; a user only the projects they are a member of.
  const keyProject = async (projectId: string) => {
    const p = await projects.get(projectId);
    return p ? [{ project_id: p.project_id, name: p.name, role: null, created_at: p.created_at }] : [];
  };

  return async (app) => {
    const tooManyAttempts = (seconds: number) =>
      new RateLimitedError(`Too many failed sign-ins; try again in ${seconds} seconds.`, { code: 'too_many_attempts', retryAfterSeconds: seconds });
    // A throttled address is answered before its body is even read, without building an Error (cheap under a flood).
    const refuseThrottled = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const wait = throttle.waitFor(request.ip);
      if (wait === 0) return done();
      reply.code(429).header('retry-after', String(wait)).send({ error: 'too_many_attempts', message: `Too many failed sign-ins; try again in ${wait} seconds.` });
    };

    app.post('/auth/login', { onRequest: refuseThrottled }, async (request, reply) => {
      const { username, password } = parseWith(loginBody, request.body);
      // The attempt is counted before the password is checked: a burst of guesses gets 429 without scrypt.
      const reservation = throttle.reserve(request.ip);
      if (!reservation.ok) throw tooManyAttempts(reservation.retryAfterSeconds);
      const { attempt } = reservation;
      const user = await users.verifyCredentials(username, password).catch((error: unknown) => {
        if (error instanceof BusyError) attempt.cancel();
        throw error;
      });
      if (!user) {
        attempt.failed();
        throw new UnauthorizedError('The username or password is wrong.', { code: 'invalid_credentials' });
      }
      attempt.succeeded();
      const issued = await sessions.create(user);
      setSessionCookies(request, reply, issued.token, issued.csrfToken, options.secureCookies);
      return { user: userView(user), scopes: roleScopes(chooseProject(user, await memberships.projectsOf(user.user_id))?.role ?? null), csrf_token: issued.csrfToken, expires_at: microsToIso(issued.expiresAt) };
    });

    app.post('/auth/logout', async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await sessions.destroy(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return { signed_out: true };
    });

    app.get('/auth/me', async (request, reply) => {
      const context = request.auth;
      if (!context) throw new UnauthorizedError('Sign in first.');
      const session = request.session;
      // Restore the readable CSRF cookie if the browser lost it.
      if (session && request.cookies[CSRF_COOKIE] !== session.csrfToken) {
        reply.setCookie(CSRF_COOKIE, session.csrfToken, { path: '/', sameSite: 'lax', secure: isSecureCookieRequest(request, options.secureCookies), maxAge: SESSION_TTL_SECONDS });
      }
      return {
        user: session ? userView(session.user) : null,
        auth: session ? 'session' : 'api_key',
        scopes: context.scopes,
        project_id: context.projectId || null,
        project_role: session ? session.projectRole : null,
        projects: session ? session.projects.map(memberProjectView) : await keyProject(context.projectId),
        csrf_token: session?.csrfToken ?? null,
      };
    });
  };
}
